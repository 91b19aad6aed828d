/// A participant's status, derived by close (mirrors the CHECK on autodebet.participant.status).
public enum ParticipantStatus: String, CaseIterable, Sendable {
    case active
    /// Nonaktif: three unpaid periods in a row.
    case lapsed
}
