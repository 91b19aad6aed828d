import Foundation
import Testing
@testable import FixedWidth

@Suite struct CalendarDateTests {
    @Test func parsesStrictISODates() {
        #expect(CalendarDate(iso: "2024-02-29") == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(iso: "2026-12-31")?.description == "2026-12-31")
        for bad in ["2026-02-29", "1900-02-29", "2026-1", "2026-01-1", "2026-1-01", "2026-13-01", "2026-00-10",
                    "2026-04-31", " 2026-01-01", "2026-01-01 ", "2026/01/01", "20260101", "", "0000-01-01", "２０２６-01-01"] {
            #expect(CalendarDate(iso: bad) == nil, "\(bad) should be rejected")
        }
    }

    @Test func validatesComponents() {
        #expect(CalendarDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2028, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2026, month: 6, day: 31) == nil)
        #expect(CalendarDate(year: 2026, month: 0, day: 1) == nil)
        #expect(CalendarDate(year: 10_000, month: 1, day: 1) == nil)
    }

    @Test func weekdayOfKnownDates() {
        #expect(Fixtures.date("2026-12-05").weekday == 6)   // Saturday
        #expect(Fixtures.date("2026-12-06").weekday == 7)   // Sunday
        #expect(Fixtures.date("2026-12-07").weekday == 1)   // Monday
        #expect(Fixtures.date("1970-01-01").weekday == 4)   // Thursday
        #expect(Fixtures.date("2024-02-29").weekday == 4)
        #expect(Fixtures.date("1969-12-31").weekday == 3)   // before the epoch
    }

    @Test func epochDayNumbers() {
        #expect(Fixtures.date("1970-01-01").daysSinceEpoch == 0)
        #expect(Fixtures.date("2000-03-01").daysSinceEpoch == 11_017)
        #expect(Fixtures.date("0001-01-01").daysSinceEpoch == -719_162)
        #expect(Fixtures.date("9999-12-31").daysSinceEpoch == 2_932_896)
        #expect(CalendarDate(daysSinceEpoch: 11_017) == Fixtures.date("2000-03-01"))
    }

    @Test func epochRoundTripOverTheWholeRange() {
        var previous: CalendarDate?
        for days in stride(from: -719_162, through: 2_932_896, by: 97) {
            let date = CalendarDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            #expect(CalendarDate(year: date.year, month: date.month, day: date.day) == date)
            if let previous { #expect(previous < date) }
            previous = date
        }
    }

    @Test func addingDaysCrossesMonthsYearsAndLeapDays() {
        #expect(Fixtures.date("2024-02-28").adding(days: 1) == Fixtures.date("2024-02-29"))
        #expect(Fixtures.date("2026-02-28").adding(days: 1) == Fixtures.date("2026-03-01"))
        #expect(Fixtures.date("2026-12-31").adding(days: 1) == Fixtures.date("2027-01-01"))
        #expect(Fixtures.date("2027-01-01").adding(days: -1) == Fixtures.date("2026-12-31"))
        #expect(Fixtures.date("2026-01-01").adding(days: 365) == Fixtures.date("2027-01-01"))
    }

    @Test func codableAsISOText() throws {
        let data = try JSONEncoder().encode([Fixtures.date("2026-12-05")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-12-05"]"#)
        #expect(try JSONDecoder().decode([CalendarDate].self, from: data) == [Fixtures.date("2026-12-05")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2026-02-29"]"#.utf8)) }
    }
}
