import Foundation
import Testing
import TestSupport

@Suite("mandates import")
struct MandateImportTests {
    @Test("loads participants and mandates, with account_name defaulting to the name")
    func loads() throws {
        let db = try TestDatabase.make()
        let result = try CLI(db).run(["mandates", "import", fixture("golden/mandates.csv")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("10 rows; 10 new mandates, 0 updated, 0 unchanged, 0 superseded; 10 new participants"))
        #expect(try db.count("SELECT count(*) FROM autodebet.mandate") == 10)
        #expect(try db.scalar("SELECT account_name FROM autodebet.mandate WHERE mandate_ref = 'GOLD-0002'") == "Néné Ñoman Çakra, S.Pd.")
        #expect(try db.scalar("SELECT account_name FROM autodebet.mandate WHERE mandate_ref = 'GOLD-0010'") == "Muhammad Ma'ruf")
        #expect(try db.scalar("SELECT account_no FROM autodebet.mandate WHERE mandate_ref = 'GOLD-0001'") == "0012345678")
        #expect(try db.scalar("SELECT paid_through FROM autodebet.participant WHERE kpj = '10000000004'") == "2026-12")
        #expect(try db.scalar("SELECT status FROM autodebet.mandate WHERE mandate_ref = 'GOLD-0007'") == "revoked")
        #expect(try db.count("SELECT count(*) FROM autodebet.audit_event WHERE action = 'mandates.import'") == 1)
    }

    @Test("importing the same file again changes nothing")
    func reimport() throws {
        let db = try TestDatabase.make()
        let cli = CLI(db)
        #expect(try cli.run(["mandates", "import", fixture("golden/mandates.csv")]).status == 0)
        let before = try db.scalar("SELECT string_agg(mandate_ref || updated_at::text, ',' ORDER BY id) FROM autodebet.mandate")
        let again = try cli.run(["mandates", "import", fixture("golden/mandates.csv")])
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 new mandates, 0 updated, 10 unchanged, 0 superseded; 0 new participants"))
        #expect(try db.scalar("SELECT string_agg(mandate_ref || updated_at::text, ',' ORDER BY id) FROM autodebet.mandate") == before)
    }

    @Test("a row with an existing mandate_ref updates it: account change and revocation")
    func updates() throws {
        let db = try TestDatabase.make()
        let cli = CLI(db)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try cli.run(["mandates", "import", fixture("golden/mandates.csv")]).status == 0)
        let csv = dir + "/changes.csv"
        try """
            mandate_ref,kpj,nik,name,sector,income,jht,bank_code,account_no,account_name,signed_on,start_period,end_period,paid_through,status
            GOLD-0001,10000000001,3578014105900001,Siti Aminah,general,1000000,Y,114,0099887766,,2025-01-10,2025-02,,,active
            GOLD-0003,10000000003,3273015506920003,Raden Ajeng Kartini,general,2500000,N,114,000123,,2026-02-14,2026-03,,,revoked

            """.write(toFile: csv, atomically: true, encoding: .utf8)
        let result = try cli.run(["mandates", "import", csv])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("0 new mandates, 2 updated"))
        #expect(try db.scalar("SELECT account_no FROM autodebet.mandate WHERE mandate_ref = 'GOLD-0001'") == "0099887766")
        #expect(try db.scalar("SELECT status FROM autodebet.mandate WHERE mandate_ref = 'GOLD-0003'") == "revoked")
        #expect(try db.scalar("SELECT name FROM autodebet.participant WHERE kpj = '10000000003'") == "Raden Ajeng Kartini")
    }

    @Test("a new active mandate supersedes the participant's old one")
    func supersedes() throws {
        let db = try TestDatabase.make()
        let cli = CLI(db)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try cli.run(["mandates", "import", fixture("golden/mandates.csv")]).status == 0)
        let csv = dir + "/new.csv"
        try """
            mandate_ref,kpj,nik,name,sector,income,jht,bank_code,account_no,account_name,signed_on,start_period,end_period,paid_through,status
            GOLD-0101,10000000001,3578014105900001,Siti Aminah,general,2000000,Y,110,7778889990,,2026-11-01,2026-12,,,active

            """.write(toFile: csv, atomically: true, encoding: .utf8)
        let result = try cli.run(["mandates", "import", csv])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 new mandates, 0 updated, 0 unchanged, 1 superseded"))
        #expect(try db.scalar("SELECT status FROM autodebet.mandate WHERE mandate_ref = 'GOLD-0001'") == "superseded")
        #expect(try db.scalar("SELECT status FROM autodebet.mandate WHERE mandate_ref = 'GOLD-0101'") == "active")
        #expect(try db.count("SELECT count(*) FROM autodebet.mandate WHERE kpj = '10000000001' AND status = 'active'") == 1)
    }

    @Test("paid_through is the latest over the participant's mandates: raised by the file, lowered by a registry correction")
    func paidThroughOverMandates() throws {
        let db = try TestDatabase.make()
        let cli = CLI(db)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let header = "mandate_ref,kpj,nik,name,sector,income,jht,bank_code,account_no,account_name,signed_on,start_period,end_period,paid_through,status\n"
        func row(_ ref: String, _ kpj: String, _ paidThrough: String, _ status: String) -> String {
            "\(ref),\(kpj),35780141059\(kpj.suffix(5)),Peserta \(kpj.suffix(2)),general,2000000,Y,110,7778889990,,2026-01-01,2026-01,,\(paidThrough),\(status)\n"
        }
        func load(_ name: String, _ rows: String...) throws {
            try (header + rows.joined()).write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            let result = try cli.run(["mandates", "import", dir + "/" + name])
            #expect(result.status == 0, "\(result.stderr)")
        }
        try load("first.csv",
                 row("PT-A1", "10000000001", "2026-12", "active"), row("PT-A2", "10000000001", "2026-08", "revoked"),
                 row("PT-B1", "10000000002", "2026-12", "active"), row("PT-B2", "10000000002", "2026-11", "revoked"),
                 row("PT-C1", "10000000003", "2026-05", "active"),
                 row("PT-D1", "10000000004", "2026-10", "active"))
        try load("second.csv",
                 // A: its latest lowered (a correction): the revoked one's 2026-08 is now the latest.
                 row("PT-A1", "10000000001", "2026-07", "active"),
                 // B: lowered, but the other mandate's 2026-11 stays.
                 row("PT-B1", "10000000002", "", "active"),
                 // C: raised by a new mandate that supersedes the old one.
                 row("PT-C2", "10000000003", "2027-01", "active"),
                 // D: a new mandate with an earlier paid_through does not lower it.
                 row("PT-D2", "10000000004", "2026-06", "active"))
        let paid = try db.scalar("SELECT string_agg(kpj || '=' || coalesce(paid_through, '-'), ' ' ORDER BY kpj) FROM autodebet.participant")
        #expect(paid == "10000000001=2026-08 10000000002=2026-11 10000000003=2027-01 10000000004=2026-10")
        // The rule itself, over every participant: the latest over all its mandates.
        #expect(try db.count("""
            SELECT count(*) FROM autodebet.participant p
             WHERE p.paid_through IS DISTINCT FROM (SELECT max(m.paid_through) FROM autodebet.mandate m WHERE m.kpj = p.kpj)
            """) == 0)
    }

    @Test("a mandate_ref registered for another participant is refused")
    func mandateRefOfAnotherParticipant() throws {
        let db = try TestDatabase.make()
        let cli = CLI(db)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try cli.run(["mandates", "import", fixture("golden/mandates.csv")]).status == 0)
        let csv = dir + "/steal.csv"
        try """
            mandate_ref,kpj,nik,name,sector,income,jht,bank_code,account_no,account_name,signed_on,start_period,end_period,paid_through,status
            GOLD-0001,10000000099,3578014105900099,Someone Else,general,1000000,Y,114,0012345678,,2025-01-10,2025-02,,,active
            GOLD-0098,10000000098,3578014105900001,Another Person,general,1000000,Y,114,0012345678,,2025-01-10,2025-02,,,active

            """.write(toFile: csv, atomically: true, encoding: .utf8)
        let result = try cli.run(["mandates", "import", csv])
        #expect(result.status == 2)
        #expect(result.stderr.contains("line 2, mandate_ref 'GOLD-0001': is registered for another participant (kpj)"))
        #expect(result.stderr.contains("line 3, nik '************0001': is registered to another participant"))
        #expect(try db.count("SELECT count(*) FROM autodebet.participant") == 10)
    }

    /// Every kind of invalid row, each a file in fixtures/mandates-invalid with the
    /// exact problem line it must produce. Echoed values are masked by content: any run
    /// of six or more digits shows its last four, whatever the column.
    static let invalidFiles: [(file: String, problem: String)] = [
        ("mandate-ref-invalid", "line 2, mandate_ref 'MDT#01': must be 1 to 32 of A-Z a-z 0-9 - _"),
        ("mandate-ref-too-long", "line 2, mandate_ref '\(String(repeating: "M", count: 33))': must be 1 to 32 of A-Z a-z 0-9 - _"),
        ("kpj-not-11-digits", "line 2, kpj '******0001': must be 11 digits"),
        ("nik-not-16-digits", "line 2, nik '**********9001': must be 16 digits"),
        ("name-empty", "line 2, name '': is required"),
        ("sector-unknown", "line 2, sector 'informal': must be general or transport"),
        ("income-below-minimum", "line 2, income '**9999': must be at least 1,000,000 and at most 999,999,999,999"),
        ("income-not-digits", "line 2, income '1,000,000': must be whole rupiah, digits only"),
        ("jht-invalid", "line 2, jht 'yes': must be Y or N"),
        ("bank-unknown", "line 2, bank_code '999': is not a registered bank"),
        ("account-too-short", "line 2, account_no '*2345': must be 6 to 16 digits"),
        ("account-not-digits", "line 2, account_no '******-678': must be 6 to 16 digits"),
        ("signed-on-invalid-date", "line 2, signed_on '2026-02-30': must be a date YYYY-MM-DD"),
        ("signed-on-future", "line 2, signed_on '2027-01-01': is in the future"),
        ("start-period-invalid", "line 2, start_period '2026-13': must be a period YYYY-MM"),
        ("end-before-start", "line 2, end_period '2026-04': is before start_period"),
        ("paid-through-invalid", "line 2, paid_through '2026/12': must be a period YYYY-MM"),
        ("status-unknown", "line 2, status 'suspended': must be active or revoked"),
        ("field-count", "line 2: expected 15 fields, found 14"),
        ("quote-unterminated", "line 2: quoted field never closed"),
        ("duplicate-mandate-ref", "line 3, mandate_ref 'X-0001': appears more than once in the file (first on line 2)"),
        ("two-active-for-kpj", "line 3, kpj '*******0001': has another active mandate in the file (line 2); a participant has at most one"),
        ("nik-differs-for-kpj", "line 3, nik '************0199': differs from the NIK given for this kpj on line 2"),
        ("invalid-utf8", "line 2: field is not valid UTF-8"),
        ("header-missing-column", "line 1, jht: column missing from the header"),
        ("header-unknown-column", "line 1, state: unknown column in the header"),
        ("empty", "line 1: the file is empty; expected a header row"),
    ]

    @Test("each kind of invalid row rejects the whole file, naming line, column, value and reason",
          arguments: invalidFiles.map(\.file))
    func invalid(_ file: String) throws {
        let problem = Self.invalidFiles.first { $0.file == file }!.problem
        let db = try TestDatabase.make()
        let path = fixture("mandates-invalid/\(file).csv")
        let result = try CLI(db).run(["mandates", "import", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path): \(problem)\n"), "stderr was:\n\(result.stderr)")
        #expect(result.stderr.contains("nothing was imported"))
        #expect(try db.count("SELECT count(*) FROM autodebet.mandate") == 0)
        #expect(try db.count("SELECT count(*) FROM autodebet.participant") == 0)
        // Personal data never leaks in full into the error output.
        #expect(!result.stderr.contains("3578014105900101"))
        #expect(!result.stderr.contains("0012345678"))
    }

    @Test("every problem in a file is listed, not only the first; valid rows are not imported either")
    func allProblemsListed() throws {
        let db = try TestDatabase.make()
        let path = fixture("mandates-invalid/several-errors.csv")
        let result = try CLI(db).run(["mandates", "import", path])
        #expect(result.status == 2)
        for problem in ["line 2, kpj '1': must be 11 digits",
                        "line 2, sector 'farm': must be general or transport",
                        "line 2, jht '': is required",
                        "line 4, end_period '2024-01': is before start_period"] {
            #expect(result.stderr.contains(problem), "missing: \(problem)")
        }
        #expect(result.stderr.contains("4 problems; nothing was imported"))
        #expect(try db.count("SELECT count(*) FROM autodebet.mandate") == 0)
    }
}

@Suite("mandates import at scale")
struct MandateImportScaleTests {
    @Test("200,000 rows that all conflict: refused, the problems listed within a bound, under 64 MiB peak memory")
    func allConflicting() throws {
        let db = try TestDatabase.make()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/conflicting.csv"
        var text = "mandate_ref,kpj,nik,name,sector,income,jht,bank_code,account_no,account_name,signed_on,start_period,end_period,paid_through,status\n"
        text.reserveCapacity(25_000_000)
        for i in 0..<200_000 {
            text += "MDT-\(i),\(20_000_000_000 + i),3171010101900001,Ani,general,1000000,Y,114,0012345678,,2026-01-01,2026-02,,,active\n"
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        // Python measures the peak memory of exactly its own child.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import resource, subprocess, sys
            r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            lines = r.stderr.decode().splitlines()
            print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, len(lines))
            print(lines[-1] if lines else '')
            """, CLI.executable, "mandates", "import", path]
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = db.name
        environment["AUTODEBET_HOME"] = TestDatabase.repositoryRoot
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = output.split(separator: "\n")
        let figures = lines.first?.split(separator: " ").compactMap { Int($0) } ?? []
        try #require(figures.count == 3, "\(output)")
        #expect(figures[0] == 2)
        #expect(figures[1] < 64 * 1024, "peak memory \(figures[1]) KiB")
        #expect(figures[2] <= 1_001 + 1, "\(figures[2]) lines of problems")
        #expect(lines.last?.contains("nothing was imported") == true, "\(output)")
        #expect(try db.count("SELECT count(*) FROM autodebet.mandate") == 0)
    }
}

@Suite("mandates import, unreadable input")
struct MandateImportReadErrorTests {
    @Test("a path whose reads fail (a directory: EISDIR) is refused with exit 2, naming the reason, nothing imported")
    func unreadable() throws {
        let db = try TestDatabase.make()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try CLI(db).run(["mandates", "import", dir])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Is a directory"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was imported"))
        #expect(try db.count("SELECT count(*) FROM autodebet.mandate") == 0)
    }
}
