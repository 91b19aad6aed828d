/// What a bank's response to one debit instruction means to Autodebet.
///
/// Every response code of a layout maps to exactly one class (as data, in the layout
/// file); the rest of the program reasons only in classes, never in bank codes.
public enum OutcomeClass: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case paid
    case insufficientFunds = "insufficient_funds"
    case temporary
    case accountInvalid = "account_invalid"
    case mandateInvalid = "mandate_invalid"
    case rejected

    /// Whether a later attempt in the same period may succeed.
    public var isRetryable: Bool {
        switch self {
        case .insufficientFunds, .temporary: return true
        case .paid, .accountInvalid, .mandateInvalid, .rejected: return false
        }
    }

    public var description: String { rawValue }
}
