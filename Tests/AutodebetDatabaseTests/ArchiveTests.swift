import FixedWidth
import Foundation
import Testing
import TestSupport

/// Archiving an old period: its instructions leave the working tables whole, and nothing
/// about the current period changes.
@Suite("archive")
struct ArchiveTests {
    static func snapshot(_ db: TestDatabase, period: String) throws -> [String?] {
        try [
            db.scalar("SELECT string_agg(reference || status || amount || coalesce(debited_on::text, '-'), ',' ORDER BY reference) FROM finance.collections WHERE period = $1", [period]),
            db.scalar("SELECT string_agg(bank_code || attempt || submitted_count || paid_amount, ',' ORDER BY bank_code, attempt) FROM finance.period_summary WHERE period = $1", [period]),
            db.scalar("SELECT string_agg(bank_code || total, ',' ORDER BY bank_code) FROM finance.program_allocation WHERE period = $1", [period]),
            db.scalar("SELECT string_agg(kpj || result, ',' ORDER BY kpj) FROM finance.period_results WHERE period = $1", [period]),
            db.scalar("SELECT string_agg(kpj || status || unpaid_streak || coalesce(lapsed_since, '-'), ',' ORDER BY kpj) FROM finance.participants"),
        ]
    }

    @Test("archiving an old period leaves the current period's results, finance views and a rerun of its close unchanged")
    func archiveOldPeriod() throws {
        let c = try GoldenSetup()
        defer { c.cleanUp() }
        let broke: [String: OutcomeClass] = ["10000000001": .insufficientFunds]
        for period in ["2026-12", "2027-01"] {
            for _ in 1...3 { try c.attempt(period, outcomes: broke) }
            #expect(try c.close(period).status == 0)
        }
        let before = try Self.snapshot(c.db, period: "2027-01")
        let december = try c.db.count("SELECT count(*) FROM finance.collections WHERE period = '2026-12'")
        #expect(december > 0)

        let archived = try c.cli.run(["archive", "--period", "2026-12", "--reason", "older than the retention window"])
        #expect(archived.status == 0, "\(archived.stderr)")
        #expect(archived.stdout == "Archived 2026-12: \(december) debit instructions moved to archive.debit_instruction_2026_12.\n")
        #expect(try c.db.count("SELECT count(*) FROM finance.collections WHERE period = '2026-12'") == 0)
        #expect(try c.db.count("SELECT count(*) FROM archive.debit_instruction_2026_12") == december)
        #expect(try c.db.count("SELECT count(*) FROM finance.period_results WHERE period = '2026-12'") > 0)
        #expect(try Self.snapshot(c.db, period: "2027-01") == before)
        let again = try c.close("2027-01")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.snapshot(c.db, period: "2027-01") == before)
        #expect(try c.db.scalar("SELECT details->>'reason' FROM autodebet.audit_event WHERE action = 'archive'") == "older than the retention window")
    }

    @Test("archive is refused for a period not closed, awaiting returns, or already archived; an archived period takes no debits")
    func refusals() throws {
        let c = try GoldenSetup()
        defer { c.cleanUp() }
        #expect(try c.run(["generate", "--period", "2026-12", "--out", c.out], today: "2026-11-21").status == 0)
        let open = try c.cli.run(["archive", "--period", "2026-12", "--reason", "x"])
        #expect(open.status == 4)
        #expect(open.stderr.contains("period 2026-12 is not closed"))
        let answers = try FileManager.default.contentsOfDirectory(atPath: c.out).filter { $0.hasPrefix("AD_") }
            .map { try Bank.answer(c.out + "/" + $0, in: c.out) }
        #expect(try c.run(["returns", "import"] + answers, today: "2026-12-08").status == 0)
        #expect(try c.close("2026-12").status == 0)
        #expect(try c.cli.run(["archive", "--period", "2026-12", "--reason", "x"]).status == 0)
        let twice = try c.cli.run(["archive", "--period", "2026-12", "--reason", "x"])
        #expect(twice.status == 4)
        #expect(twice.stderr.contains("already archived"))
        let generate = try c.run(["generate", "--period", "2026-12", "--out", c.out], today: "2026-11-21")
        #expect(generate.status == 4)
        #expect(generate.stderr.contains("period 2026-12 is archived"))
    }
}
