/// How a period (month) is laid out in a 6-byte field.
public enum PeriodPattern: String, Sendable, CaseIterable {
    case yyyymm = "YYYYMM"
    case mmyyyy = "MMYYYY"
}
