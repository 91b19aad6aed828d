@testable import Autodebet
import FixedWidth
import Testing

@Suite("business calendar")
struct BusinessCalendarTests {
    let december = Period("2026-12")!

    @Test("a debit day on a Saturday moves to Monday")
    func saturday() {
        // 5 December 2026 is a Saturday.
        #expect(BusinessCalendar().debitDate(period: december, debitDay: 5) == CalendarDate(iso: "2026-12-07"))
    }

    @Test("a debit day on a Sunday moves to Monday; a weekday stays")
    func sundayAndWeekday() {
        #expect(BusinessCalendar().debitDate(period: december, debitDay: 6) == CalendarDate(iso: "2026-12-07"))
        #expect(BusinessCalendar().debitDate(period: december, debitDay: 10) == CalendarDate(iso: "2026-12-10"))
    }

    @Test("a holiday after a weekend moves the date on again")
    func holidayAfterWeekend() {
        let calendar = BusinessCalendar(holidays: [CalendarDate(iso: "2026-12-07")!, CalendarDate(iso: "2026-12-08")!])
        #expect(calendar.debitDate(period: december, debitDay: 5) == CalendarDate(iso: "2026-12-09"))
    }

    @Test("Christmas on a Friday moves the 25th to Monday the 28th")
    func christmas() {
        let calendar = BusinessCalendar(holidays: [CalendarDate(iso: "2026-12-25")!])
        #expect(calendar.debitDate(period: december, debitDay: 25) == CalendarDate(iso: "2026-12-28"))
    }

    @Test("a debit day past the month's end is the month's last day, then moved")
    func shortMonth() {
        // 28 February 2027 is a Sunday.
        #expect(BusinessCalendar().debitDate(period: Period("2027-02")!, debitDay: 31) == CalendarDate(iso: "2027-03-01"))
    }

    @Test("the due date is the 15th, moved past weekends")
    func dueDate() {
        // 15 November 2026 is a Sunday.
        #expect(BusinessCalendar().dueDate(period: Period("2026-11")!) == CalendarDate(iso: "2026-11-16"))
        #expect(BusinessCalendar().dueDate(period: december) == CalendarDate(iso: "2026-12-15"))
    }
}
