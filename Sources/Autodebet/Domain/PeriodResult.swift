/// A participant's result for a closed period (mirrors the CHECK on autodebet.period_result.result).
public enum PeriodResult: String, CaseIterable, Sendable {
    case paid
    case unpaid
}
