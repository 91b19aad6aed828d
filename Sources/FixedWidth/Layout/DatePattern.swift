/// How a date is laid out in an 8-byte field.
public enum DatePattern: String, Sendable, CaseIterable {
    case yyyymmdd = "YYYYMMDD"
    case ddmmyyyy = "DDMMYYYY"
}
