import Autodebet
import FixedWidth
import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("generate")
struct GenerateTests {
    /// A database with the golden mandates imported, and an empty output directory.
    typealias Setup = GoldenSetup

    static let goldenFiles = ["AD_111_202612_A1_S0001.txt", "AD_114_202612_A1_S0001.txt"]

    @Test("writes byte-exact debit files in both layouts (golden files)")
    func golden() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        let result = try s.generate()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try s.files() == Self.goldenFiles)
        for name in Self.goldenFiles {
            try Golden.expect(try s.file(name), equals: name)
        }
    }

    @Test("the summary names files, debits and totals per bank (golden output)")
    func summaryGolden() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        let result = try s.generate(["--bank", "114", "--bank", "111"])
        #expect(result.status == 0)
        try Golden.expect(result.stdout.replacingOccurrences(of: s.out, with: "OUT"), equals: "generate-summary.txt")
    }

    @Test("fields sit at layouts.md positions: bpd-a amount 68-82 in rupiah, bpd-b amount 93-107 in sen")
    func positions() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        #expect(try s.generate().status == 0)
        let a = String(decoding: try s.file("AD_114_202612_A1_S0001.txt"), as: UTF8.self).split(separator: "\n")
        #expect(a.allSatisfy { $0.utf8.count == 120 })
        let aDetail = Array(a[1].utf8)
        #expect(String(decoding: aDetail[0..<1], as: UTF8.self) == "D")
        #expect(String(decoding: aDetail[67..<82], as: UTF8.self) == "000000000028400")
        #expect(String(decoding: aDetail[82..<93], as: UTF8.self) == "10000000001")
        let aHeader = Array(a[0].utf8)
        #expect(String(decoding: aHeader[4..<12], as: UTF8.self) == "20261121")   // creation date
        #expect(String(decoding: aHeader[12..<20], as: UTF8.self) == "20261207")  // Sat 5 Dec moved to Mon 7 Dec
        let raw = try s.file("AD_111_202612_A1_S0001.txt")
        let b = String(decoding: raw, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(b.count == 5)
        #expect(b.allSatisfy { $0.utf8.count == 200 })
        let bDetail = Array(b[1].utf8)
        #expect(String(decoding: bDetail[92..<107], as: UTF8.self) == "000000001815000")  // Rp 18,150 in sen
        #expect(String(decoding: bDetail[107..<119], as: UTF8.self) == "000001475000")     // JKK Rp 14,750 (half of 1% of the tier base 2,950,000)
        #expect(String(decoding: Array(b[0].utf8)[12..<20], as: UTF8.self) == "07122026")
    }

    @Test("only due mandates are debited: not started, ended, prepaid and revoked are not")
    func dueness() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        #expect(try s.generate().status == 0)
        let refs = try s.db.scalar("""
            SELECT string_agg(m.mandate_ref, ',' ORDER BY m.mandate_ref)
              FROM autodebet.debit_instruction i JOIN autodebet.mandate m ON m.id = i.mandate_id
            """)
        #expect(refs == "GOLD-0001,GOLD-0002,GOLD-0003,GOLD-0010,GOLD-0011,GOLD-0012")
        // Amounts and their program parts, per the tariff.
        let parts = try s.db.scalar("""
            SELECT string_agg(m.mandate_ref || '=' || i.jkk || '+' || i.jkm || '+' || i.jht || '=' || i.amount, ' ' ORDER BY m.mandate_ref)
              FROM autodebet.debit_instruction i JOIN autodebet.mandate m ON m.id = i.mandate_id
            """)
        #expect(parts == "GOLD-0001=5000+3400+20000=28400 GOLD-0002=5000+3400+20000=28400 GOLD-0003=14750+3400+0=18150 GOLD-0010=14750+3400+0=18150 GOLD-0011=103500+3400+414000=520900 GOLD-0012=6000+3400+24000=33400")
    }

    @Test("a superseded mandate is not debited; its successor is")
    func superseded() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        let csv = s.out + "/../supersede-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: csv) }
        try """
            mandate_ref,kpj,nik,name,sector,income,jht,bank_code,account_no,account_name,signed_on,start_period,end_period,paid_through,status
            GOLD-0101,10000000001,3578014105900001,Siti Aminah,general,2000000,Y,110,7778889990,,2026-11-01,2026-12,,,active

            """.write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try s.cli.run(["mandates", "import", csv]).status == 0)
        #expect(try s.generate().status == 0)
        let refs = try s.db.scalar("""
            SELECT string_agg(m.mandate_ref || '@' || i.bank_code, ',' ORDER BY m.mandate_ref)
              FROM autodebet.debit_instruction i JOIN autodebet.mandate m ON m.id = i.mandate_id
             WHERE i.kpj = '10000000001'
            """)
        #expect(refs == "GOLD-0101@110")
    }

    @Test("a holiday on the debit day moves it to the next business day")
    func holiday() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        let connection = try s.db.connect()
        try connection.execute("INSERT INTO autodebet.holiday (day, kind, name) VALUES ('2026-12-07', 'public', 'test holiday')")
        #expect(try s.generate(["--bank", "114"]).status == 0)
        #expect(try s.db.scalar("SELECT debit_date::text FROM autodebet.attempt WHERE bank_code = '114'") == "2026-12-08")
    }

    @Test("--debit-date overrides the bank's debit day")
    func debitDateOption() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        #expect(try s.generate(["--bank", "114", "--debit-date", "2026-12-03"]).status == 0)
        let header = Array(try s.file("AD_114_202612_A1_S0001.txt").prefix(20))
        #expect(String(decoding: header[12..<20], as: UTF8.self) == "20261203")
    }

    @Test("splits into sequenced files at the bank's max_records_per_file")
    func capacitySplit() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        try s.db.connect().execute("UPDATE autodebet.bank SET max_records_per_file = 2 WHERE code = '114'")
        let result = try s.generate(["--bank", "114"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try s.files() == ["AD_114_202612_A1_S0001.txt", "AD_114_202612_A1_S0002.txt"])
        let first = String(decoding: try s.file("AD_114_202612_A1_S0001.txt"), as: UTF8.self).split(separator: "\n")
        let second = String(decoding: try s.file("AD_114_202612_A1_S0002.txt"), as: UTF8.self).split(separator: "\n")
        #expect(first.count == 4 && second.count == 3)
        #expect(first[0].utf8.dropFirst(28).prefix(4).elementsEqual("0001".utf8))   // file sequence, 29-32
        #expect(second[0].utf8.dropFirst(28).prefix(4).elementsEqual("0002".utf8))
        #expect(first[3].hasPrefix("T000000002000000000000056800"))   // 2 debits, Rp 56,800
        #expect(second[2].hasPrefix("T000000001000000000000018150"))  // 1 debit, Rp 18,150
        #expect(try s.db.scalar("SELECT string_agg(name || ':' || record_count || ':' || total_amount, ' ' ORDER BY sequence) FROM autodebet.debit_file")
                == "AD_114_202612_A1_S0001.txt:2:56800 AD_114_202612_A1_S0002.txt:1:18150")
        #expect(try s.db.scalar("SELECT string_agg(file_sequence::text, '' ORDER BY reference) FROM autodebet.debit_instruction") == "112")
    }

    @Test("running again writes nothing new and changes nothing")
    func rerunIdempotent() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        #expect(try s.generate().status == 0)
        let snapshot = "SELECT (SELECT count(*) FROM autodebet.debit_instruction) || '/' || (SELECT count(*) FROM autodebet.debit_file) || '/' || (SELECT count(*) FROM autodebet.audit_event) || '/' || (SELECT max(xmin::text) FROM autodebet.debit_instruction)"
        let before = try s.db.scalar(snapshot)
        let bytes = try Self.goldenFiles.map { try s.file($0) }
        let again = try s.generate()
        #expect(again.status == 0)
        #expect(again.stdout.contains("Nothing new was written in this run."))
        #expect(again.stdout.contains("Already generated earlier, nothing changed: 111 attempt 1, 114 attempt 1 (2 files, 6 debits, Rp 647,400)."))
        #expect(!again.stdout.contains("AD_114_202612_A1_S0001.txt       3"))   // no file table of earlier runs
        #expect(try s.db.scalar(snapshot) == before)
        #expect(try Self.goldenFiles.map { try s.file($0) } == bytes)
        #expect(try s.files() == Self.goldenFiles)
    }

    @Test("--quiet prints nothing unless a recorded file was missing from the directory and was written again")
    func quiet() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        let first = try s.generate(["--quiet"])
        #expect(first.status == 0)
        #expect(first.stdout.isEmpty, "\(first.stdout)")
        #expect(try s.generate(["--quiet"]).stdout.isEmpty)
        let golden = try s.file("AD_114_202612_A1_S0001.txt")
        try FileManager.default.removeItem(atPath: s.out + "/AD_114_202612_A1_S0001.txt")
        let missing = try s.generate(["--quiet"])
        #expect(missing.status == 0, "\(missing.stderr)")
        let sha = try #require(try s.db.scalar("SELECT sha256 FROM autodebet.debit_file WHERE name = 'AD_114_202612_A1_S0001.txt'"))
        #expect(missing.stdout == """
            Written again in \(s.out): AD_114_202612_A1_S0001.txt, recorded earlier and missing from the directory \
            (from the database, SHA-256 \(sha) as recorded).

            """)
        #expect(try s.file("AD_114_202612_A1_S0001.txt") == golden)
        #expect(try s.generate(["--quiet"]).stdout.isEmpty)
    }

    @Test("a crash before the commit: no file under its final name, nothing recorded; the rerun writes one complete file")
    func crashBeforeCommit() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        let crashed = try s.generate(["--bank", "114"], environment: ["AUTODEBET_FAILPOINT": "generate.before-commit"])
        #expect(crashed.status == 70)
        // Sealed under a temporary name only: a transfer tool reading the outbox sees nothing.
        let left = try s.files()
        #expect(left.allSatisfy { $0.hasPrefix(".") && $0.hasSuffix(".tmp") }, "\(left)")
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction") == 0)
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_file") == 0)
        let rerun = try s.generate(["--bank", "114"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try s.files() == ["AD_114_202612_A1_S0001.txt"])
        #expect(try s.file("AD_114_202612_A1_S0001.txt") == Data(contentsOf: URL(fileURLWithPath: fixture("golden/AD_114_202612_A1_S0001.txt"))))
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction") == 3)
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_file") == 1)
    }

    @Test("kill -9 between COMMIT and rename: no final-named file is unrecorded; the rerun writes the recorded file with its recorded SHA-256")
    func crashBetweenCommitAndRename() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        let crashed = try s.generate([], environment: ["AUTODEBET_FAILPOINT": "generate.before-rename"])
        #expect(crashed.status == 70)
        // Recorded, but not placed: every final-named file in the directory is recorded (none is there).
        let recorded = Set(try s.db.connect().query("SELECT name FROM autodebet.debit_file").map { try $0.string("name") })
        #expect(recorded == Set(Self.goldenFiles))
        let named = try s.files().filter { $0.hasPrefix("AD_") }
        #expect(named.allSatisfy { recorded.contains($0) })
        #expect(named.isEmpty, "\(named)")
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_file WHERE placed_at IS NULL") == 2)
        let rerun = try s.generate()
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("Written again in \(s.out): AD_111_202612_A1_S0001.txt"), "\(rerun.stdout)")
        // The temporary copies of the killed run are gone; the files are the recorded ones.
        #expect(try s.files() == Self.goldenFiles)
        for name in Self.goldenFiles {
            let sha = try s.db.scalar("SELECT sha256 FROM autodebet.debit_file WHERE name = $1", [name])
            #expect(sha256Hex(try s.file(name)) == sha, "\(name)")
            try Golden.expect(try s.file(name), equals: name)
        }
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_file WHERE placed_at IS NULL") == 0)
        // One set of instructions: the rerun generated nothing new.
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction")
                == s.db.count("SELECT sum(record_count)::int FROM autodebet.debit_file"))
        #expect(try s.db.count("SELECT count(*) FROM autodebet.attempt") == 2)
    }

    @Test("a real kill -9 while the recorded files wait to be renamed: the outbox shows none of them; the rerun places them")
    func sigkillAfterCommit() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        // The run pauses after COMMIT, before the rename; it is killed there.
        let running = try s.cli.start(["generate", "--period", "2026-12", "--out", s.out],
                                      extraEnvironment: ["AUTODEBET_FAILPOINT": "generate.before-rename:sleep=30"])
        var recorded = 0
        for _ in 0..<500 where recorded < 2 {
            recorded = try s.db.count("SELECT count(*) FROM autodebet.debit_file")
            if recorded < 2 { usleep(20_000) }
        }
        try #require(recorded == 2, "the run never committed")
        kill(running.process.processIdentifier, SIGKILL)
        let killed = try running.wait()
        #expect(killed.status == SIGKILL)
        let named = try s.files().filter { !$0.hasPrefix(".") }
        #expect(named.isEmpty, "\(named)")
        let rerun = try s.generate()
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try s.files() == Self.goldenFiles)
        for name in Self.goldenFiles {
            #expect(sha256Hex(try s.file(name)) == (try s.db.scalar("SELECT sha256 FROM autodebet.debit_file WHERE name = $1", [name])))
        }
    }

    @Test("a leftover unrecorded file of a later sequence is removed by the rerun")
    func leftoverRemoved() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        try Data("stale".utf8).write(to: URL(fileURLWithPath: s.out + "/AD_114_202612_A1_S0002.txt"))
        try Data("partial".utf8).write(to: URL(fileURLWithPath: s.out + "/.AD_114_202612_A1_S0001.txt.999.tmp"))
        let result = try s.generate(["--bank", "114"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("removing a file left unrecorded by an interrupted run file=AD_114_202612_A1_S0002.txt"),
                "\(result.stderr)")
        #expect(try s.files() == ["AD_114_202612_A1_S0001.txt"])
    }

    @Test("a second run while one holds the period's lock exits 3 and changes nothing")
    func concurrentRun() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        let holder = try s.db.connect()
        try holder.acquire(.period(Period("2026-12")!))
        let blocked = try s.generate()
        #expect(blocked.status == 3)
        #expect(blocked.stderr.contains("another run holds the lock for period 2026-12 (held by "), "\(blocked.stderr)")
        #expect(try s.files().isEmpty)
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction") == 0)
        // Another period is not blocked; and the lock goes with its session.
        #expect(try s.cli.run(["generate", "--period", "2027-01", "--out", s.out, "--dry-run"]).status == 0)
        holder.close()
        #expect(try s.generate().status == 0)
    }

    @Test("two concurrent runs: the second exits 3 while the first holds the lock, and the first completes")
    func twoProcesses() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        // The first run pauses before its commit, holding the period's lock.
        let first = try s.cli.start(["generate", "--period", "2026-12", "--out", s.out, "--bank", "114"],
                                    extraEnvironment: ["AUTODEBET_FAILPOINT": "generate.before-commit:sleep=4"])
        let connection = try s.db.connect()
        var held = false
        for _ in 0..<300 where !held {
            held = try connection.query("""
                SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                 WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()
                """).count > 0
            if !held { usleep(20_000) }
        }
        try #require(held, "the first run never took the lock")
        let second = try s.generate()
        #expect(second.status == 3)
        // The message names the holder, so a person can tell a live run from a dying one.
        #expect(second.stderr.contains("another run holds the lock for period 2026-12 (held by autodebet (pid "), "\(second.stderr)")
        let firstResult = try first.wait()
        #expect(firstResult.status == 0, "\(firstResult.stderr)")
        #expect(try s.files() == ["AD_114_202612_A1_S0001.txt"])
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction") == 3)
    }

    @Test("a bank layout added as a data file is used without code changes")
    func droppedInLayout() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        // bpd-c: bpd-a's records in a new layout file, with CRLF and amounts in sen.
        let layouts = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: layouts) }
        let source = try String(contentsOfFile: TestDatabase.repositoryRoot + "/layouts/bpd-a.json", encoding: .utf8)
        let layout = source
            .replacingOccurrences(of: "\"bpd-a\"", with: "\"bpd-c\"")
            .replacingOccurrences(of: "\"LF\"", with: "\"CRLF\"")
            .replacingOccurrences(of: "\"rupiah\"", with: "\"sen\"")
        #expect(layout != source)
        try layout.write(toFile: layouts + "/bpd-c.json", atomically: true, encoding: .utf8)
        try s.db.connect().execute("UPDATE autodebet.bank SET layout = 'bpd-c' WHERE code = '114'")
        let env = ["AUTODEBET_LAYOUTS": layouts]
        let result = try s.generate(["--bank", "114"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try s.file("AD_114_202612_A1_S0001.txt")
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.count == 6 && lines[5].isEmpty)
        #expect(String(decoding: Array(lines[1].utf8)[67..<82], as: UTF8.self) == "000000002840000")   // Rp 28,400 in sen
        let validated = try s.cli.run(["validate", s.out + "/AD_114_202612_A1_S0001.txt"], extraEnvironment: env)
        #expect(validated.status == 0, "\(validated.stdout)")
        #expect(validated.stdout.contains("valid bpd-c debit file"))
    }

    @Test("debit files are created with mode 0600")
    func fileMode() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        #expect(try s.generate().status == 0)
        for name in Self.goldenFiles {
            let attributes = try FileManager.default.attributesOfItem(atPath: s.out + "/" + name)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(name)")
        }
    }

    @Test("--dry-run shows what would be written and changes nothing")
    func dryRun() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        let result = try s.generate(["--dry-run"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Dry run: nothing was written or recorded."))
        #expect(result.stdout.contains("AD_114_202612_A1_S0001.txt"))
        #expect(result.stdout.contains("would write"))
        #expect(try s.files().isEmpty)
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction") == 0)
    }

    @Test("nothing due: says why and exits 0; an unknown bank is bad usage (exit 2)")
    func nothingDueAndUnknownBank() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        let nothing = try s.cli.run(["generate", "--period", "2024-01", "--out", s.out])
        #expect(nothing.status == 0)
        #expect(nothing.stdout.contains("Nothing to generate: no active mandate is due for the period"))
        let unknown = try s.generate(["--bank", "999"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("bank 999 is not in the bank registry"))
        let badPeriod = try s.cli.run(["generate", "--period", "2026-13"])
        #expect(badPeriod.status == 2)
    }

    @Test("finance.collections shows each instruction with the account masked")
    func collectionsView() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        #expect(try s.generate().status == 0)
        let row = try s.db.connect().query("""
            SELECT period, bank_code, attempt, reference, kpj, amount, jkk, jkm, jht, status, outcome, account_masked, file_name
              FROM finance.collections WHERE kpj = '10000000001'
            """)
        try #require(row.count == 1)
        #expect(row[0]["period"] == "2026-12")
        #expect(row[0]["reference"]?.count == 20)
        #expect(row[0]["amount"] == "28400")
        #expect(row[0]["status"] == "submitted")
        #expect(row[0]["outcome"] == nil)
        #expect(row[0]["account_masked"] == "******5678")
        #expect(row[0]["file_name"] == "AD_114_202612_A1_S0001.txt")
    }
}

/// Helpers of the generate tests.
extension GoldenSetup {
    func generate(_ extra: [String] = [], environment: [String: String] = [:]) throws -> CLI.Result {
        try cli.run(["generate", "--period", "2026-12", "--out", out] + extra, extraEnvironment: environment)
    }

    func file(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
    }

    func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    }
}
