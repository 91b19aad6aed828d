/// A debit instruction's status (mirrors the CHECK on autodebet.debit_instruction.status).
public enum InstructionStatus: String, CaseIterable, Sendable {
    /// Sent in a debit file, awaiting the bank's return.
    case submitted
    case paid
    case failed
    /// Its file was cancelled (`files cancel`): never debited; sent again under a new reference.
    case cancelled
    /// Reported paid, then taken back by the bank (`instructions reverse`): collected nowhere.
    case reversed
}
