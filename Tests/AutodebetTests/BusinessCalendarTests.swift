@testable import Autodebet
import FixedWidth
import Testing

@Suite("business calendar")
struct BusinessCalendarTests {
    let december = Period("2026-12")!

    @Test("a debit day on a Saturday moves to Monday")
    func saturday() throws {
        // 5 December 2026 is a Saturday.
        #expect(try BusinessCalendar().debitDate(period: december, debitDay: 5) == CalendarDate(iso: "2026-12-07"))
    }

    @Test("a debit day on a Sunday moves to Monday; a weekday stays")
    func sundayAndWeekday() throws {
        #expect(try BusinessCalendar().debitDate(period: december, debitDay: 6) == CalendarDate(iso: "2026-12-07"))
        #expect(try BusinessCalendar().debitDate(period: december, debitDay: 10) == CalendarDate(iso: "2026-12-10"))
    }

    @Test("a holiday after a weekend moves the date on again")
    func holidayAfterWeekend() throws {
        let calendar = BusinessCalendar(holidays: [CalendarDate(iso: "2026-12-07")!, CalendarDate(iso: "2026-12-08")!])
        #expect(try calendar.debitDate(period: december, debitDay: 5) == CalendarDate(iso: "2026-12-09"))
    }

    @Test("Christmas on a Friday moves the 25th to Monday the 28th")
    func christmas() throws {
        let calendar = BusinessCalendar(holidays: [CalendarDate(iso: "2026-12-25")!])
        #expect(try calendar.debitDate(period: december, debitDay: 25) == CalendarDate(iso: "2026-12-28"))
    }

    @Test("a debit day past the month's end is the month's last day, then moved")
    func shortMonth() throws {
        // 28 February 2027 is a Sunday.
        #expect(try BusinessCalendar().debitDate(period: Period("2027-02")!, debitDay: 31) == CalendarDate(iso: "2027-03-01"))
    }

    @Test("the due date is the 15th, moved past weekends")
    func dueDate() throws {
        // 15 November 2026 is a Sunday.
        #expect(try BusinessCalendar().dueDate(period: Period("2026-11")!) == CalendarDate(iso: "2026-11-16"))
        #expect(try BusinessCalendar().dueDate(period: december) == CalendarDate(iso: "2026-12-15"))
    }

    @Test("a holiday table that closes every day for weeks is an error, not an endless loop")
    func bounded() throws {
        let start = CalendarDate(iso: "2027-01-01")!
        let closed = Set((0..<60).map { start.adding(days: $0) })
        #expect(throws: AutodebetError.self) { try BusinessCalendar(holidays: closed).debitDate(period: Period("2027-01")!, debitDay: 5) }
    }

    @Test("years without any holiday loaded are named, each once, in order")
    func yearsWithoutHolidays() {
        let calendar = BusinessCalendar(holidays: [CalendarDate(iso: "2026-12-25")!])
        let dates = ["2026-12-07", "2027-01-05", "2028-02-05", "2027-03-01"].map { CalendarDate(iso: $0)! }
        #expect(calendar.yearsWithoutHolidays(dates) == [2027, 2028])
        #expect(BusinessCalendar.noHolidaysWarning(year: 2027).hasPrefix("no holidays loaded for 2027"))
    }
}
