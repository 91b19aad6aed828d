@testable import Autodebet
import FixedWidth
import Foundation
import Testing

@Suite("today in Jakarta")
struct TodayTests {
    /// 2026-12-31 20:00 UTC.
    let newYearsEveEvening = Date(timeIntervalSince1970: 1_798_747_200)

    @Test("a clock at 2026-12-31 20:00 UTC is 2027-01-01 in Jakarta, whatever the server's zone")
    func jakarta() throws {
        #expect(try Today.date(environment: [:], now: newYearsEveEvening) == CalendarDate(iso: "2027-01-01"))
        #expect(try Today.date(at: newYearsEveEvening, timeZone: "UTC") == CalendarDate(iso: "2026-12-31"))
    }

    @Test("AUTODEBET_TIME_ZONE names another zone; AUTODEBET_TODAY overrides both")
    func overrides() throws {
        #expect(try Today.date(environment: ["AUTODEBET_TIME_ZONE": "America/New_York"], now: newYearsEveEvening)
                == CalendarDate(iso: "2026-12-31"))
        #expect(try Today.date(environment: ["AUTODEBET_TIME_ZONE": "Asia/Jayapura"], now: newYearsEveEvening)
                == CalendarDate(iso: "2027-01-01"))
        #expect(try Today.date(environment: ["AUTODEBET_TODAY": "2026-11-21", "AUTODEBET_TIME_ZONE": "UTC"],
                               now: newYearsEveEvening) == CalendarDate(iso: "2026-11-21"))
    }

    @Test("an unknown zone is refused with its name, not silently read as UTC")
    func unknownZone() {
        #expect(throws: AutodebetError.self) {
            try Today.date(environment: ["AUTODEBET_TIME_ZONE": "Mars/Olympus_Mons"], now: newYearsEveEvening)
        }
        do {
            _ = try Today.date(environment: ["AUTODEBET_TIME_ZONE": "Mars/Olympus_Mons"], now: newYearsEveEvening)
        } catch let error as AutodebetError {
            #expect(error.message.contains("'Mars/Olympus_Mons'"))
            #expect(error.exitCode == 2)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
