import FixedWidth
import Foundation
import PostgresClient
import Testing

@Suite("returns import")
struct ReturnImportTests {
    /// Golden mandates generated for 2026-12 (files identical to fixtures/golden).
    static func setup() throws -> GoldenSetup {
        try GoldenSetup(generating: "2026-12")
    }

    static let mixed114: [String: OutcomeClass] = ["10000000002": .insufficientFunds, "10000000003": .accountInvalid]
    static let mixed111: [String: OutcomeClass] = ["10000000010": .temporary, "10000000011": .mandateInvalid]

    @Test("settles every instruction: paid with the bank's date, failed with its outcome; suspends and revokes mandates")
    func settles() throws {
        let s = try Self.setup()
        defer { s.cleanUp() }
        let a = try Bank.answer(s.debit114, in: s.out, outcomes: Self.mixed114)
        let b = try Bank.answer(s.debit111, in: s.out, outcomes: Self.mixed111)
        let result = try s.cli.run(["returns", "import", a, b])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("imported the bpd-a return of AD_114_202612_A1_S0001.txt: 3 answers, 1 paid (Rp 28,400), 2 failed (account_invalid 1, insufficient_funds 1); 1 mandate suspended"))
        #expect(try s.db.scalar("""
            SELECT string_agg(kpj || ':' || status || ':' || outcome || ':' || response_code || ':' || coalesce(debited_on::text, '-'), ' ' ORDER BY kpj)
              FROM autodebet.debit_instruction
            """) == "10000000001:paid:paid:00:2026-12-07 10000000002:failed:insufficient_funds:51:- 10000000003:failed:account_invalid:14:- 10000000010:failed:temporary:F91:- 10000000011:failed:mandate_invalid:F57:- 10000000012:paid:paid:S00:2026-12-07")
        #expect(try s.db.scalar("SELECT status FROM autodebet.mandate WHERE mandate_ref = 'GOLD-0003'") == "suspended")
        #expect(try s.db.scalar("SELECT status FROM autodebet.mandate WHERE mandate_ref = 'GOLD-0011'") == "revoked")
        #expect(try s.db.scalar("SELECT paid_count || '/' || paid_amount || '/' || failed_count || '/' || outstanding_count FROM finance.period_summary WHERE bank_code = '114'") == "1/28400/2/0")
        #expect(try s.db.scalar("SELECT jkk || '/' || jkm || '/' || jht || '/' || total FROM finance.program_allocation WHERE bank_code = '111'") == "6000/3400/24000/33400")
    }

    @Test("the same file again, under another name, changes nothing and says so")
    func reimport() throws {
        let s = try Self.setup()
        defer { s.cleanUp() }
        let a = try Bank.answer(s.debit114, in: s.out, outcomes: Self.mixed114)
        #expect(try s.cli.run(["returns", "import", a]).status == 0)
        let before = try s.financeSnapshot()
        let copy = s.out + "/renamed-by-the-bank.txt"
        try FileManager.default.copyItem(atPath: a, toPath: copy)
        let again = try s.cli.run(["returns", "import", copy])
        #expect(again.status == 0)
        #expect(again.stdout.contains("already imported on 20"))
        #expect(again.stdout.contains(" Asia/Jakarta (the return of"), "a readable local time: \(again.stdout)")
        #expect(again.stdout.contains("(the return of AD_114_202612_A1_S0001.txt); nothing changed"))
        #expect(try s.financeSnapshot() == before)
        #expect(try s.db.count("SELECT count(*) FROM autodebet.return_file") == 1)
    }

    @Test("a crash before the commit applies nothing; the rerun applies the file once")
    func crash() throws {
        let s = try Self.setup()
        defer { s.cleanUp() }
        let a = try Bank.answer(s.debit114, in: s.out, outcomes: Self.mixed114)
        let before = try s.financeSnapshot()
        let crashed = try s.cli.run(["returns", "import", a], extraEnvironment: ["AUTODEBET_FAILPOINT": "returns.before-commit"])
        #expect(crashed.status == 70)
        #expect(try s.financeSnapshot() == before)
        #expect(try s.db.count("SELECT count(*) FROM autodebet.return_file") == 0)
        #expect(try s.db.scalar("SELECT status FROM autodebet.mandate WHERE mandate_ref = 'GOLD-0003'") == "active")
        let rerun = try s.cli.run(["returns", "import", a])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE bank_code = '114' AND status <> 'submitted'") == 3)
        #expect(try s.db.count("SELECT count(*) FROM autodebet.return_file WHERE status = 'imported'") == 1)
    }

    @Test("CRLF line endings and a missing final newline are accepted, whatever the layout writes")
    func tolerantReading() throws {
        let s = try Self.setup()
        defer { s.cleanUp() }
        let a = try Bank.answer(s.debit114, in: s.out)
        let crlf = Data(String(decoding: try Data(contentsOf: URL(fileURLWithPath: a)), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: "\r\n").utf8)
        try crlf.write(to: URL(fileURLWithPath: a))
        let b = try Bank.answer(s.debit111, in: s.out)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: b))
        bytes.removeLast(2)
        try bytes.write(to: URL(fileURLWithPath: b))
        let result = try s.cli.run(["returns", "import", a, b])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE status = 'paid'") == 6)
    }

    @Test("finance_reader reads the finance views and nothing else")
    func financeReader() throws {
        let s = try Self.setup()
        defer { s.cleanUp() }
        let connection = try s.db.connect()
        try connection.execute("SET ROLE finance_reader")
        for view in ["collections", "period_summary", "program_allocation", "participants", "period_results"] {
            _ = try connection.query("SELECT * FROM finance.\(view) LIMIT 1")
        }
        for table in ["autodebet.mandate", "autodebet.participant", "autodebet.debit_instruction", "autodebet.audit_event"] {
            let error = #expect(throws: PostgresError.self) { try connection.query("SELECT * FROM \(table) LIMIT 1") }
            #expect(error?.sqlState == "42501", "\(table)")
        }
        // finance.participants is a simple view PostgreSQL could write through: the role may not.
        let write = #expect(throws: PostgresError.self) { try connection.execute("UPDATE finance.participants SET name = 'x'") }
        #expect(write?.sqlState == "42501")
        // No unmasked account number in any view.
        try connection.execute("RESET ROLE")
        #expect(try s.db.count("SELECT count(*) FROM finance.collections WHERE account_masked ~ '^[0-9]{5,}'") == 0)
    }

    @Test("report: table, CSV and JSON (golden files)")
    func reportGolden() throws {
        let s = try Self.setup()
        defer { s.cleanUp() }
        let a = try Bank.answer(s.debit114, in: s.out, outcomes: Self.mixed114)
        #expect(try s.cli.run(["returns", "import", a]).status == 0)   // 111 stays outstanding
        for (format, file) in [("table", "report.txt"), ("csv", "report.csv"), ("json", "report.json")] {
            let result = try s.cli.run(["report", "--period", "2026-12", "--format", format])
            #expect(result.status == 0)
            try Golden.expect(result.stdout, equals: file)
        }
    }
}

/// Helpers of the returns tests.
extension GoldenSetup {
    var debit114: String { out + "/AD_114_202612_A1_S0001.txt" }
    var debit111: String { out + "/AD_111_202612_A1_S0001.txt" }

    /// Everything finance can see, to show that a refused file changed nothing.
    func financeSnapshot() throws -> String {
        try ["collections", "period_summary", "program_allocation", "participants", "period_results"].map { view in
            try db.scalar("SELECT coalesce(string_agg(t::text, ';' ORDER BY t::text), '') FROM finance.\(view) t") ?? ""
        }.joined(separator: "\n")
    }
}
