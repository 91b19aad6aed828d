import FixedWidth
import PostgresClient

/// Business days: Monday to Friday, except the days in autodebet.holiday (public
/// holidays and cuti bersama, both closed for banks). Debit dates and due dates that fall
/// on a weekend or a holiday move to the next business day.
public struct BusinessCalendar: Sendable {
    public let holidays: Set<CalendarDate>
    /// Years with at least one holiday loaded. A year without any has simply not been
    /// loaded yet (every year has some), so its dates skip weekends only.
    public let yearsLoaded: Set<Int>

    /// The longest run of non-business days a date may move over. Indonesia's longest
    /// (Idul Fitri with cuti bersama and a weekend) is about ten; anything near this
    /// bound is a mistake in the holiday table, not a calendar.
    public static let maxDaysMoved = 31

    public init(holidays: Set<CalendarDate> = []) {
        self.holidays = holidays
        self.yearsLoaded = Set(holidays.map(\.year))
    }

    public func isBusinessDay(_ date: CalendarDate) -> Bool {
        date.weekday <= 5 && !holidays.contains(date)
    }

    public func nextBusinessDay(onOrAfter date: CalendarDate) throws -> CalendarDate {
        var day = date
        for _ in 0...Self.maxDaysMoved {
            if isBusinessDay(day) { return day }
            day = day.adding(days: 1)
        }
        throw AutodebetError(.refused, """
            no business day within \(Self.maxDaysMoved) days from \(date): check the holiday table \
            (autodebet holidays list --year \(date.year))
            """)
    }

    /// The debit date of an attempt: the bank's debit day in the period's own month
    /// (the month's last day when the month is shorter), moved past weekends and holidays.
    public func debitDate(period: Period, debitDay: Int) throws -> CalendarDate {
        try nextBusinessDay(onOrAfter: period.day(debitDay))
    }

    /// The business day `count` business days before `date` (`date` itself when 0): where
    /// `run` starts generating an attempt 1 due on `date`.
    public func businessDays(_ count: Int, before date: CalendarDate) throws -> CalendarDate {
        var day = date, left = count
        for _ in 0..<(count + 1) * (Self.maxDaysMoved + 1) where left > 0 {
            day = day.adding(days: -1)
            if isBusinessDay(day) { left -= 1 }
        }
        guard left == 0 else {
            throw AutodebetError(.refused, "no \(count) business days before \(date): check the holiday table")
        }
        return day
    }

    /// The period's due date: the 15th of its own month, moved likewise.
    public func dueDate(period: Period) throws -> CalendarDate {
        try nextBusinessDay(onOrAfter: period.day(15))
    }

    /// The years among these dates that have no holiday loaded, in order.
    public func yearsWithoutHolidays(_ dates: [CalendarDate]) -> [Int] {
        Set(dates.map(\.year)).subtracting(yearsLoaded).sorted()
    }

    /// What a command says on standard error when it computes a date in such a year.
    public static func noHolidaysWarning(year: Int) -> String {
        "no holidays loaded for \(year): debit and due dates in \(year) skip weekends only; "
            + "load the decree with autodebet holidays import"
    }

    public static func load(_ connection: PostgresConnection) throws -> BusinessCalendar {
        var days = Set<CalendarDate>()
        for row in try connection.query("SELECT day::text AS day FROM autodebet.holiday") {
            let text = try row.string("day")
            guard let date = CalendarDate(iso: text) else {
                throw AutodebetError(.failure, "autodebet.holiday holds a date that cannot be read: '\(text)'")
            }
            days.insert(date)
        }
        return BusinessCalendar(holidays: days)
    }
}
