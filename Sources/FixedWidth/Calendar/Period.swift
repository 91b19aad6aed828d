/// A calendar month: the unit contributions are due for.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM` strictly: exactly seven characters, zero-padded.
    public init?(_ text: String) {
        let bytes = ArraySlice(text.utf8)
        guard bytes.count == 7, bytes[bytes.startIndex + 4] == 0x2D,
              let year = CivilCalendar.digits(bytes, 0, 4),
              let month = CivilCalendar.digits(bytes, 5, 2)
        else { return nil }
        self.init(year: year, month: month)
    }

    init(uncheckedYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    public var description: String {
        Digits.padded(year, 4) + "-" + Digits.padded(month, 2)
    }

    /// `YYYYMM`, as used in file names.
    public var compact: String {
        Digits.padded(year, 4) + Digits.padded(month, 2)
    }

    public var next: Period {
        month == 12 ? Period(uncheckedYear: year + 1, month: 1) : Period(uncheckedYear: year, month: month + 1)
    }

    public var previous: Period {
        month == 1 ? Period(uncheckedYear: year - 1, month: 12) : Period(uncheckedYear: year, month: month - 1)
    }

    public var numberOfDays: Int {
        CivilCalendar.numberOfDays(year: year, month: month)
    }

    /// Day `d` of the month, clamped to 1…numberOfDays (day 31 of February is its last day).
    public func day(_ d: Int) -> CalendarDate {
        CalendarDate(uncheckedYear: year, month: month, day: min(max(d, 1), numberOfDays))
    }

    public var firstDay: CalendarDate { day(1) }
    public var lastDay: CalendarDate { day(numberOfDays) }

    public static func < (lhs: Period, rhs: Period) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}

/// Encoded as its `YYYY-MM` text.
extension Period: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let period = Period(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a YYYY-MM period: \(text)")
        }
        self = period
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
