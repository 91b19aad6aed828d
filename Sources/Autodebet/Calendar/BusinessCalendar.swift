import FixedWidth
import PostgresClient

/// Business days: Monday to Friday, except the holidays operations list in
/// autodebet.holiday. Debit dates and due dates that fall on a weekend or a holiday move
/// to the next business day.
public struct BusinessCalendar: Sendable {
    public let holidays: Set<CalendarDate>

    public init(holidays: Set<CalendarDate> = []) {
        self.holidays = holidays
    }

    public func isBusinessDay(_ date: CalendarDate) -> Bool {
        date.weekday <= 5 && !holidays.contains(date)
    }

    public func nextBusinessDay(onOrAfter date: CalendarDate) -> CalendarDate {
        var day = date
        while !isBusinessDay(day) { day = day.adding(days: 1) }
        return day
    }

    /// The debit date of an attempt: the bank's debit day in the period's own month
    /// (the month's last day when the month is shorter), moved past weekends and holidays.
    public func debitDate(period: Period, debitDay: Int) -> CalendarDate {
        nextBusinessDay(onOrAfter: period.day(debitDay))
    }

    /// The period's due date: the 15th of its own month, moved likewise.
    public func dueDate(period: Period) -> CalendarDate {
        nextBusinessDay(onOrAfter: period.day(15))
    }

    public static func load(_ connection: PostgresConnection) throws -> BusinessCalendar {
        var days = Set<CalendarDate>()
        for row in try connection.query("SELECT day::text AS day FROM autodebet.holiday") {
            if let date = CalendarDate(iso: try row.string("day")) { days.insert(date) }
        }
        return BusinessCalendar(holidays: days)
    }
}
