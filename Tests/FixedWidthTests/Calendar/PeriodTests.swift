import Foundation
import Testing
@testable import FixedWidth

@Suite struct PeriodTests {
    @Test func parsesStrictly() {
        #expect(Period("2026-12") == Period(year: 2026, month: 12))
        for bad in ["2026-1", "2026-13", "2026-00", "202612", "2026-12-01", "26-12", " 2026-12", ""] {
            #expect(Period(bad) == nil, "\(bad) should be rejected")
        }
    }

    @Test func nextAndPreviousAcrossYears() {
        #expect(Fixtures.period("2026-12").next == Fixtures.period("2027-01"))
        #expect(Fixtures.period("2027-01").previous == Fixtures.period("2026-12"))
        #expect(Fixtures.period("2026-06").next.previous == Fixtures.period("2026-06"))
        #expect(Fixtures.period("2026-01") < Fixtures.period("2026-02"))
        #expect(Fixtures.period("2026-12") < Fixtures.period("2027-01"))
    }

    @Test func daysAndClampedDay() {
        #expect(Fixtures.period("2024-02").numberOfDays == 29)
        #expect(Fixtures.period("2026-02").numberOfDays == 28)
        #expect(Fixtures.period("2026-12").numberOfDays == 31)
        #expect(Fixtures.period("2026-02").day(31) == Fixtures.date("2026-02-28"))
        #expect(Fixtures.period("2026-02").day(15) == Fixtures.date("2026-02-15"))
        #expect(Fixtures.period("2026-02").day(0) == Fixtures.date("2026-02-01"))
    }

    @Test func textForms() {
        #expect(Fixtures.period("2026-03").description == "2026-03")
        #expect(Fixtures.period("2026-03").compact == "202603")
    }

    @Test func outcomeRetryability() {
        #expect(OutcomeClass.allCases.filter(\.isRetryable) == [.insufficientFunds, .temporary])
        #expect(OutcomeClass(rawValue: "account_invalid") == .accountInvalid)
    }
}
