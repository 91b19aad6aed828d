import FixedWidth
import Foundation
import PostgresClient
import Testing
import TestSupport

/// The monthly cycle end to end, through the real command line: generate, answer as the
/// bank, import, retry, close; lapse and reinstatement over four periods.
@Suite("monthly cycle")
struct CycleTests {
    typealias Cycle = GoldenSetup

    @Test("retries carry exactly the retryable failures, on the bank's later debit days, and never a fourth attempt")
    func retries() throws {
        let c = try Cycle()
        defer { c.cleanUp() }
        try c.attempt("2026-12", outcomes: ["10000000001": .insufficientFunds, "10000000002": .insufficientFunds,
                                            "10000000003": .accountInvalid, "10000000010": .temporary,
                                            "10000000011": .mandateInvalid, "10000000012": .rejected])
        #expect(try c.db.scalar("SELECT status FROM autodebet.mandate WHERE mandate_ref = 'GOLD-0003'") == "suspended")
        #expect(try c.db.scalar("SELECT status FROM autodebet.mandate WHERE mandate_ref = 'GOLD-0011'") == "revoked")
        let second = try c.attempt("2026-12", outcomes: ["10000000001": .insufficientFunds, "10000000010": .insufficientFunds])
        #expect(second == ["AD_111_202612_A2_S0001.txt", "AD_114_202612_A2_S0001.txt"])
        #expect(try c.debited("2026-12", attempt: 2) == "10000000001,10000000002,10000000010")
        #expect(try c.db.scalar("SELECT string_agg(debit_date::text, ',' ORDER BY bank_code) FROM autodebet.attempt WHERE number = 2")
                == "2026-12-10,2026-12-10")
        // The retry is the same debit: same amount and parts as attempt 1.
        #expect(try c.db.count("""
            SELECT count(*) FROM autodebet.debit_instruction a JOIN autodebet.debit_instruction b
                ON (a.kpj, a.period) = (b.kpj, b.period) AND a.attempt = 1 AND b.attempt = 2
             WHERE (a.amount, a.jkk, a.jkm, a.jht) <> (b.amount, b.jkk, b.jkm, b.jht)
            """) == 0)
        try c.attempt("2026-12", outcomes: ["10000000001": .insufficientFunds, "10000000010": .insufficientFunds])
        #expect(try c.debited("2026-12", attempt: 3) == "10000000001,10000000010")
        #expect(try c.db.scalar("SELECT string_agg(debit_date::text, ',' ORDER BY bank_code) FROM autodebet.attempt WHERE number = 3")
                == "2026-12-15,2026-12-15")
        let fourth = try c.run(["generate", "--period", "2026-12", "--out", c.out + "/2026-12"], today: "2026-12-16")
        #expect(fourth.status == 0)
        #expect(fourth.stdout.contains("114: no further attempt now: all 3 attempts made."))
        #expect(try c.db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE attempt > 3") == 0)
        #expect(try c.db.count("SELECT count(*) FROM autodebet.attempt") == 6)
    }

    @Test("the next attempt waits for every return of the previous one")
    func waitsForReturns() throws {
        let c = try Cycle()
        defer { c.cleanUp() }
        #expect(try c.run(["generate", "--period", "2026-12", "--out", c.out], today: "2026-11-21").status == 0)
        let again = try c.run(["generate", "--period", "2026-12", "--out", c.out], today: "2026-12-09")
        #expect(again.status == 0)
        #expect(again.stdout.contains("114: no further attempt now: returns of attempt 1 outstanding (AD_114_202612_A1_S0001.txt)."))
    }

    @Test("close refuses before the due date and while returns are outstanding (exit 4)")
    func closeRefusals() throws {
        let c = try Cycle()
        defer { c.cleanUp() }
        #expect(try c.run(["generate", "--period", "2026-12", "--out", c.out], today: "2026-11-21").status == 0)
        let early = try c.run(["close", "--period", "2026-12"], today: "2026-12-15")
        #expect(early.status == 4)
        #expect(early.stderr.contains("period 2026-12 is due on 2026-12-15; close it after that date"))
        let outstanding = try c.close("2026-12")
        #expect(outstanding.status == 4)
        #expect(outstanding.stderr.contains("AD_111_202612_A1_S0001.txt: 3 awaiting"))
        #expect(outstanding.stderr.contains("AD_114_202612_A1_S0001.txt: 3 awaiting"))
        #expect(try c.db.count("SELECT count(*) FROM autodebet.period_result") == 0)
    }

    @Test("four periods: suspension, revocation, lapse after three unpaid periods, lapsed still debited, reinstated on payment")
    func fourPeriods() throws {
        let c = try Cycle()
        defer { c.cleanUp() }
        let broke: [String: OutcomeClass] = ["10000000001": .insufficientFunds]
        // 2026-12: 0001 cannot pay; 0003's account is closed; the bank holds no mandate for 0011.
        try c.attempt("2026-12", outcomes: broke.merging(["10000000003": .accountInvalid, "10000000011": .mandateInvalid]) { a, _ in a })
        try c.attempt("2026-12", outcomes: broke)
        try c.attempt("2026-12", outcomes: broke)
        let december = try c.close("2026-12")
        #expect(december.status == 0, "\(december.stderr)")
        #expect(december.stdout.contains("Closed 2026-12:"))
        #expect(try c.result("10000000001", "2026-12") == "unpaid")
        #expect(try c.result("10000000002", "2026-12") == "paid")
        #expect(try c.result("10000000003", "2026-12") == "unpaid")
        #expect(try c.result("10000000004", "2026-12") == "paid")    // prepaid through 2026-12
        #expect(try c.result("10000000005", "2026-12") == nil)       // not started
        #expect(try c.result("10000000011", "2026-12") == "unpaid")
        for period in ["2027-01", "2027-02"] {
            try c.attempt(period, outcomes: broke)
            try c.attempt(period, outcomes: broke)
            try c.attempt(period, outcomes: broke)
            #expect(try c.close(period).status == 0)
        }
        // The suspended and the revoked mandate were not debited again.
        #expect(try c.debited("2027-01", attempt: 1) == "10000000001,10000000002,10000000004,10000000005,10000000010,10000000012")
        #expect(try c.participant("10000000001") == "lapsed/3/2027-02")
        #expect(try c.participant("10000000003") == "lapsed/3/2027-02")
        #expect(try c.participant("10000000011") == "active/1/-")    // revoked: out of the cycle after 2026-12
        #expect(try c.participant("10000000002") == "active/0/-")
        // 2027-03: the lapsed participant is still debited, pays, and is reinstated.
        try c.attempt("2027-03")
        #expect(try c.debited("2027-03", attempt: 1)?.contains("10000000001") == true)
        let march = try c.close("2027-03")
        #expect(march.stdout.contains("1 reinstated"))
        #expect(try c.participant("10000000001") == "active/0/-")
        #expect(try c.participant("10000000003") == "lapsed/4/2027-02")
        let record = try c.run(["participant", "10000000001"], today: "2027-03-20")
        #expect(record.status == 0)
        #expect(record.stdout.contains("Status: active; unpaid streak 0"))
        #expect(record.stdout.contains("******5678"))
        #expect(!record.stdout.contains("0012345678"))
        #expect(!record.stdout.contains("3578014105900001"))
        // Only the latest closed periods' attempts are listed (the lookup then plans over
        // those months alone); the older ones show their result, and --all lists them.
        let recent = try c.run(["participant", "10000000001", "--recent", "2"], today: "2027-03-20")
        #expect(recent.status == 0, "\(recent.stderr)")
        let listed = Self.historyRows(recent.stdout), full = Self.historyRows(record.stdout)
        #expect(listed.prefix(2) == [["2026-12", "unpaid"], ["2027-01", "unpaid"]], "\(recent.stdout)")
        #expect(Array(listed.dropFirst(2)) == Array(full.drop { $0[0] != "2027-02" }), "\(recent.stdout)")
        #expect(listed.count == 6 && full.count == 10, "\(record.stdout)")
        #expect(recent.stdout.hasSuffix("Attempts of 2026-12 to 2027-01 are not listed (their results are): "
                                        + "`autodebet participant 10000000001 --all` lists every one.\n"), "\(recent.stdout)")
        let all = try c.run(["participant", "10000000001", "--all"], today: "2027-03-20")
        #expect(all.stdout == record.stdout)
        #expect(!record.stdout.contains("not listed"))
        #expect(try c.run(["participant", "10000000001", "--recent", "0"], today: "2027-03-20").status == 2)
    }

    /// The period history's rows, each split into its fields, from `participant`'s output.
    static func historyRows(_ output: String) -> [[Substring]] {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("PERIOD ") }) else { return [] }
        return lines[(header + 1)...].prefix { !$0.isEmpty }.map { $0.split(separator: " ") }
    }

    @Test("a late return after close, then close again, recomputes the period")
    func lateReturn() throws {
        let c = try Cycle()
        defer { c.cleanUp() }
        try c.attempt("2026-12", outcomes: ["10000000001": .insufficientFunds])
        #expect(try c.close("2026-12").status == 0)
        #expect(try c.result("10000000001", "2026-12") == "unpaid")
        // The retry goes out after the close; its return comes in late.
        let dir = c.out + "/late"
        // Attempt 2's debit date (the 10th) has passed: refused, unless a business day from today on is named.
        let refused = try c.run(["generate", "--period", "2026-12", "--out", dir], today: "2026-12-20")
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("bank 114 (Jatim) attempt 2: debit date 2026-12-10"), "\(refused.stderr)")
        #expect(try c.run(["generate", "--period", "2026-12", "--out", dir, "--debit-date", "2026-12-21"],
                          today: "2026-12-20").status == 0)
        let answer = try Bank.answer(dir + "/AD_114_202612_A2_S0001.txt", in: c.out)
        let late = try c.run(["returns", "import", answer], today: "2026-12-21")
        #expect(late.status == 0)
        #expect(late.stdout.contains("period 2026-12 is closed; run `autodebet close --period 2026-12` again"))
        let again = try c.run(["close", "--period", "2026-12"], today: "2026-12-21")
        #expect(again.stdout.contains("Recomputed 2026-12"))
        #expect(try c.result("10000000001", "2026-12") == "paid")
    }
}

/// Helpers of the cycle tests: the monthly steps, run as of their day.
extension GoldenSetup {
    /// Runs `autodebet` as of `today`.
    func run(_ arguments: [String], today: String) throws -> CLI.Result {
        try cli.run(arguments, extraEnvironment: ["AUTODEBET_TODAY": today])
    }

    /// Generates the next attempt of `period`, answers every new file with `outcomes`
    /// (per KPJ; everyone else pays) and imports the answers. Returns the new files.
    @discardableResult
    func attempt(_ period: String, outcomes: [String: OutcomeClass] = [:]) throws -> [String] {
        let dir = out + "/" + period
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
        let generated = try run(["generate", "--period", period, "--out", dir], today: Self.generationDay(period))
        #expect(generated.status == 0, "\(generated.stderr)")
        let new = try FileManager.default.contentsOfDirectory(atPath: dir)
            .filter { $0.hasPrefix("AD_") && !before.contains($0) }.sorted()
        let returns = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: returns) }
        let answers = try new.map { try Bank.answer(dir + "/" + $0, in: returns, outcomes: outcomes) }
        if !answers.isEmpty {
            // The banks answer on the debit date, and the answers are imported that day.
            let debitDay = try #require(try db.scalar("SELECT max(debit_date)::text FROM autodebet.debit_file WHERE period = $1", [period]))
            let imported = try run(["returns", "import"] + answers, today: debitDay)
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        return new
    }

    func close(_ period: String) throws -> CLI.Result {
        try run(["close", "--period", period], today: Self.closingDay(period))
    }

    /// Which participants an attempt debited.
    func debited(_ period: String, attempt: Int) throws -> String? {
        try db.scalar("""
            SELECT string_agg(kpj, ',' ORDER BY kpj) FROM autodebet.debit_instruction
             WHERE period = $1 AND attempt = $2
            """, [period, attempt])
    }

    func result(_ kpj: String, _ period: String) throws -> String? {
        try db.scalar("SELECT result FROM finance.period_results WHERE kpj = $1 AND period = $2", [kpj, period])
    }

    func participant(_ kpj: String) throws -> String? {
        try db.scalar("""
            SELECT status || '/' || unpaid_streak || '/' || coalesce(lapsed_since, '-')
              FROM finance.participants WHERE kpj = $1
            """, [kpj])
    }

    static func generationDay(_ period: String) -> String { Period(period)!.previous.description + "-20" }
    static func closingDay(_ period: String) -> String { period + "-20" }
}
