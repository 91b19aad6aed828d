import Foundation
import Testing

/// `autodebet holidays import` and `holidays list`: all or nothing, every bad row named,
/// an existing date updated, audited.
@Suite("holidays")
struct HolidayImportTests {
    static let header = "date,kind,name\n"

    func write(_ text: String, in dir: String, name: String = "holidays.csv") throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("imports a decree, lists it, and updates a date already present")
    func importAndList() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        let csv = try write(Self.header + """
            2027-01-01,public,Tahun Baru 2027 Masehi
            2027-02-05,collective_leave,"Cuti bersama, test"
            2026-12-24,public,Hari yang diubah

            """, in: s.out)
        let result = try s.cli.run(["holidays", "import", csv, "--regulation", "test decree 1/2026"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("3 holidays for 2026, 2027; 2 new, 1 updated, 0 unchanged."), "\(result.stdout)")
        #expect(try s.db.scalar("SELECT kind || '/' || name || '/' || regulation FROM autodebet.holiday WHERE day = '2026-12-24'")
                == "public/Hari yang diubah/test decree 1/2026")
        let list = try s.cli.run(["holidays", "list", "--year", "2027"])
        #expect(list.status == 0)
        #expect(list.stdout == """
            DATE        DAY  KIND            NAME                    DECREE
            2027-01-01  Fri  public holiday  Tahun Baru 2027 Masehi  test decree 1/2026
            2027-02-05  Fri  cuti bersama    Cuti bersama, test      test decree 1/2026
            2 non-business days in 2027: 1 public holiday, 1 cuti bersama.

            """)
        let csvList = try s.cli.run(["holidays", "list", "--year", "2027", "--format", "csv"])
        #expect(csvList.stdout == Self.header + "2027-01-01,public,Tahun Baru 2027 Masehi\n2027-02-05,collective_leave,\"Cuti bersama, test\"\n")
        // The listing reads back in: the same rows, nothing changed.
        let again = try write(csvList.stdout, in: s.out, name: "again.csv")
        let reimport = try s.cli.run(["holidays", "import", again])
        #expect(reimport.stdout.contains("0 new, 0 updated, 2 unchanged."), "\(reimport.stdout)")
        #expect(try s.db.scalar("""
            SELECT string_agg(action || ' ' || subject || ' ' || (details->>'inserted') || '/' || (details->>'updated'), '; ' ORDER BY id)
              FROM autodebet.audit_event WHERE action = 'holidays.import'
            """) == "holidays.import holidays.csv 2/1; holidays.import again.csv 0/0")
    }

    @Test("a file with bad rows is refused whole: every row named with its line and column, nothing changed")
    func allOrNothing() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        let before = try s.db.scalar("SELECT string_agg(day || kind || name, ',' ORDER BY day) FROM autodebet.holiday")
        let csv = try write(Self.header + """
            2027-01-01,public,Tahun Baru 2027 Masehi
            2027-02-30,public,Not a day
            2027-03-10,national,Wrong kind
            2027-03-11,public,
            2027-01-01,collective_leave,Twice
            2027-04-01,public
            2027-05-01,public,Hari Buruh

            """, in: s.out)
        let result = try s.cli.run(["holidays", "import", csv])
        #expect(result.status == 2)
        for expected in [
            "line 3, date '2027-02-30': must be a date YYYY-MM-DD",
            "line 4, kind 'national': must be public or collective_leave",
            "line 5, name: must not be empty",
            "line 6, date '2027-01-01': date appears twice in the file (first on line 2)",
            "line 7: expected 3 fields, found 2",
            "5 problems; nothing was imported",
        ] {
            #expect(result.stderr.contains(expected), "missing: \(expected)\n\(result.stderr)")
        }
        #expect(try s.db.scalar("SELECT string_agg(day || kind || name, ',' ORDER BY day) FROM autodebet.holiday") == before)
        #expect(try s.db.count("SELECT count(*) FROM autodebet.audit_event WHERE action = 'holidays.import'") == 0)
    }

    @Test("a wrong header, an empty file and a missing file are refused with exit 2")
    func headers() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        let wrong = try s.cli.run(["holidays", "import", try write("tanggal,kind,name\n2027-01-01,public,x\n", in: s.out)])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("line 1, tanggal: unknown column in the header"), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("line 1, date: column missing from the header"))
        let empty = try s.cli.run(["holidays", "import", try write("", in: s.out, name: "empty.csv")])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("line 1: the file is empty; expected the header date,kind,name"))
        let missing = try s.cli.run(["holidays", "import", s.out + "/nope.csv"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot open"))
    }

    @Test("listing a year with nothing loaded says so and how to load it")
    func emptyYear() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        let list = try s.cli.run(["holidays", "list", "--year", "2030"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("No holidays loaded for 2030"))
        #expect(list.stdout.contains("autodebet holidays import FILE.csv"))
    }
}
