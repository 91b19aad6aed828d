import Foundation
import Testing

/// Debit dates a bank can honour: never one that has passed, `--debit-date` only on a
/// business day from today on, and "today" in Jakarta whatever the server's zone.
@Suite("debit dates")
struct DebitDateTests {
    @Test("an attempt whose debit date has passed is refused (exit 4), nothing recorded; --debit-date puts it right")
    func pastDebitDate() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        // Attempt 1 of 2026-12 is debited on Monday the 7th; on the 8th that has passed.
        let late = try s.run(["generate", "--period", "2026-12", "--out", s.out], today: "2026-12-08")
        #expect(late.status == 4)
        #expect(late.stderr.contains("the debit date has passed (today is 2026-12-08); nothing was generated"), "\(late.stderr)")
        #expect(late.stderr.contains("bank 111 (DKI) attempt 1: debit date 2026-12-07"))
        #expect(late.stderr.contains("bank 114 (Jatim) attempt 1: debit date 2026-12-07"))
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction") == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.out).isEmpty)
        // A bank with nothing due is not refused: there is nothing to debit late.
        let idle = try s.run(["generate", "--period", "2026-12", "--bank", "110", "--out", s.out], today: "2026-12-08")
        #expect(idle.status == 0, "\(idle.stderr)")
        let fixed = try s.run(["generate", "--period", "2026-12", "--out", s.out, "--debit-date", "2026-12-09"],
                              today: "2026-12-08")
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(try s.db.scalar("SELECT string_agg(DISTINCT debit_date::text, ',') FROM autodebet.attempt") == "2026-12-09")
    }

    @Test("--debit-date on a weekend, a holiday or in the past is refused (exit 2), saying why")
    func chosenDate() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        for (date, reason) in [("2026-12-12", "--debit-date 2026-12-12 is a Saturday, not a business day"),
                               ("2026-12-13", "--debit-date 2026-12-13 is a Sunday, not a business day"),
                               ("2026-12-24", "--debit-date 2026-12-24 is a holiday, not a business day"),
                               ("2026-12-25", "--debit-date 2026-12-25 is a holiday, not a business day"),
                               ("2026-11-20", "--debit-date 2026-11-20 is in the past (today is 2026-11-21)")] {
            let result = try s.run(["generate", "--period", "2026-12", "--out", s.out, "--debit-date", date], today: "2026-11-21")
            #expect(result.status == 2, "\(date)")
            #expect(result.stderr.contains(reason), "\(date): \(result.stderr)")
        }
        #expect(try s.db.count("SELECT count(*) FROM autodebet.attempt") == 0)
        // Today itself is allowed.
        #expect(try s.run(["generate", "--period", "2026-12", "--out", s.out, "--debit-date", "2026-11-23"],
                          today: "2026-11-23").status == 0)
    }

    /// Today in Jakarta, from the real clock.
    static func jakartaToday() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Jakarta")!
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d%02d%02d", c.year!, c.month!, c.day!)
    }

    @Test("with no AUTODEBET_TODAY, today is Jakarta's date even on a server at UTC-12")
    func jakartaClock() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Jakarta")!
        let inTwoMonths = calendar.date(byAdding: .month, value: 2, to: Date())!
        let c = calendar.dateComponents([.year, .month], from: inTwoMonths)
        let period = String(format: "%04d-%02d", c.year!, c.month!)
        let before = Self.jakartaToday()
        let result = try s.cli.run(["generate", "--period", period, "--bank", "114", "--out", s.out],
                                   extraEnvironment: ["TZ": "Etc/GMT+12"],
                                   removing: ["AUTODEBET_TODAY"])
        let after = Self.jakartaToday()
        #expect(result.status == 0, "\(result.stderr)")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: s.out).first)
        let header = Array(try Data(contentsOf: URL(fileURLWithPath: s.out + "/" + name)).prefix(12))
        let created = String(decoding: header[4..<12], as: UTF8.self)   // bpd-a creation date, positions 5-12
        #expect(created == before || created == after, "creation date \(created), Jakarta today \(before)")
    }

    @Test("AUTODEBET_TIME_ZONE naming no zone is refused with exit 2")
    func unknownZone() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        let result = try s.cli.run(["generate", "--period", "2026-12", "--out", s.out],
                                   extraEnvironment: ["AUTODEBET_TIME_ZONE": "Jakarta"], removing: ["AUTODEBET_TODAY"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("AUTODEBET_TIME_ZONE must name an IANA time zone such as Asia/Jakarta, not 'Jakarta'"))
    }
}
