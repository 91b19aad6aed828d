import Autodebet
import FixedWidth
import Foundation
import Testing
import TestSupport

/// The shipped 2026 calendar (SKB 1497/2025, 2/2025, 5/2025), debit and due dates moved
/// past public holidays and cuti bersama, and the warning for a year with no holidays.
@Suite("calendar")
struct CalendarTests {
    @Test("the 2026 decree ships: 17 public holidays and 8 days of cuti bersama, each named")
    func shipped() throws {
        let db = try TestDatabase.make()
        #expect(try db.scalar("""
            SELECT string_agg(kind || ':' || n, ' ' ORDER BY kind)
              FROM (SELECT kind, count(*) AS n FROM autodebet.holiday WHERE day BETWEEN '2026-01-01' AND '2026-12-31' GROUP BY kind) k
            """) == "collective_leave:8 public:17")
        #expect(try db.scalar("SELECT string_agg(to_char(day, 'MM-DD'), ',' ORDER BY day) FROM autodebet.holiday WHERE kind = 'collective_leave'")
                == "02-16,03-18,03-20,03-23,03-24,05-15,05-28,12-24")
        #expect(try db.count("SELECT count(*) FROM autodebet.holiday WHERE name = '' OR regulation IS NULL") == 0)
    }

    @Test("the business days that age a debit file (SQL, autodebet.business_days_after) are BusinessCalendar's, all of 2026")
    func businessDaysAgree() throws {
        let db = try TestDatabase.make()
        let calendar = try BusinessCalendar.load(try db.connect())
        let sql = try db.scalar("""
            SELECT string_agg(d::date::text, ',' ORDER BY d)
              FROM generate_series(date '2026-01-01', date '2026-12-31', interval '1 day') d
             WHERE autodebet.business_days_after(d::date - 1, d::date) = 1
            """)
        let start = CalendarDate(iso: "2026-01-01")!
        let swift = (0..<365).map { start.adding(days: $0) }.filter(calendar.isBusinessDay).map(\.description)
        #expect(sql == swift.joined(separator: ","))
        #expect(try db.scalar("SELECT autodebet.business_days_after('2026-12-07', '2026-12-11')") == "4")
    }

    @Test("2026-02: the 15th a Sunday, the 16th cuti bersama, the 17th Imlek: attempt 3 and the due date fall on the 18th")
    func february() throws {
        let db = try TestDatabase.make()
        let calendar = try BusinessCalendar.load(try db.connect())
        let february = Period("2026-02")!
        #expect(try calendar.debitDate(period: february, debitDay: 15) == CalendarDate(iso: "2026-02-18"))
        #expect(try calendar.dueDate(period: february) == CalendarDate(iso: "2026-02-18"))
        // Cuti bersama on Friday 15 May 2026: the next business day is Monday the 18th.
        #expect(try calendar.debitDate(period: Period("2026-05")!, debitDay: 15) == CalendarDate(iso: "2026-05-18"))
        #expect(try calendar.dueDate(period: Period("2026-05")!) == CalendarDate(iso: "2026-05-18"))
        // Idul Fitri: 18 to 24 March are all closed (Nyepi, Idul Fitri, cuti bersama, a weekend).
        #expect(try calendar.debitDate(period: Period("2026-03")!, debitDay: 18) == CalendarDate(iso: "2026-03-25"))
    }

    @Test("generate writes the moved debit date: debit day 15 in May 2026 (cuti bersama) goes out for the 18th")
    func generatedOnMovedDate() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        try s.db.connect().execute("UPDATE autodebet.bank SET debit_days = '{15,20,25}' WHERE code = '114'")
        let result = try s.cli.run(["generate", "--period", "2026-05", "--bank", "114", "--out", s.out],
                                   extraEnvironment: ["AUTODEBET_TODAY": "2026-04-20"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try s.db.scalar("SELECT debit_date::text FROM autodebet.attempt WHERE bank_code = '114'") == "2026-05-18")
        let header = Array(try Data(contentsOf: URL(fileURLWithPath: s.out + "/AD_114_202605_A1_S0001.txt")).prefix(20))
        #expect(String(decoding: header[12..<20], as: UTF8.self) == "20260518")
    }

    @Test("close is refused on the moved due date (18 Feb 2026) and accepted the day after")
    func closeOnMovedDueDate() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        let dir = s.out + "/2026-02"
        let generated = try s.run(["generate", "--period", "2026-02", "--out", dir], today: "2026-01-20")
        #expect(generated.status == 0, "\(generated.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("AD_") }.sorted()
        #expect(files.count == 2)
        let answers = try files.map { try Bank.answer(dir + "/" + $0, in: s.out) }
        #expect(try s.run(["returns", "import"] + answers, today: "2026-02-06").status == 0)
        let early = try s.run(["close", "--period", "2026-02"], today: "2026-02-18")
        #expect(early.status == 4)
        #expect(early.stderr.contains("period 2026-02 is due on 2026-02-18; close it after that date"), "\(early.stderr)")
        #expect(try s.db.count("SELECT count(*) FROM autodebet.closed_period") == 0)
        let closed = try s.run(["close", "--period", "2026-02"], today: "2026-02-19")
        #expect(closed.status == 0, "\(closed.stderr)")
        #expect(try s.db.count("SELECT count(*) FROM autodebet.closed_period WHERE period = '2026-02'") == 1)
    }

    @Test("a year with no holidays loaded is flagged on standard error by generate and close, which go on")
    func noHolidaysWarning() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        let december = try s.run(["generate", "--period", "2026-12", "--out", s.out + "/a"], today: "2026-11-21")
        #expect(december.status == 0)
        #expect(!december.stderr.contains("no holidays loaded"), "\(december.stderr)")
        let january = try s.run(["generate", "--period", "2027-01", "--out", s.out + "/b"], today: "2026-12-21")
        #expect(january.status == 0, "\(january.stderr)")
        #expect(january.stderr.contains("no holidays loaded for 2027: debit and due dates in 2027 skip weekends only; load the decree with autodebet holidays import"),
                "\(january.stderr)")
        #expect(try s.db.count("SELECT count(*) FROM autodebet.attempt WHERE period = '2027-01'") == 2)
        let close = try s.run(["close", "--period", "2027-01"], today: "2027-01-20")
        #expect(close.stderr.contains("no holidays loaded for 2027"), "\(close.stderr)")
        // Once the decree is loaded, the warning is gone.
        let csv = s.out + "/2027.csv"
        try "date,kind,name\n2027-01-01,public,Tahun Baru 2027 Masehi\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try s.run(["holidays", "import", csv], today: "2026-12-21").status == 0)
        let february = try s.run(["generate", "--period", "2027-02", "--out", s.out + "/c"], today: "2027-01-20")
        #expect(!february.stderr.contains("no holidays loaded"), "\(february.stderr)")
    }
}
