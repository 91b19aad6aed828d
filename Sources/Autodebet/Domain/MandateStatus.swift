/// A mandate's status (mirrors the CHECK on autodebet.mandate.status).
public enum MandateStatus: String, CaseIterable, Sendable {
    case active
    /// By the registry, or by the bank (no valid mandate held).
    case revoked
    /// The bank reported the account invalid: no debits until a new mandate is imported.
    case suspended
    /// The participant registered a newer active mandate.
    case superseded
}
