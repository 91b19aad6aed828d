import Autodebet
import FixedWidth
import Foundation
import Testing
import TestSupport

/// Speed must not depend on the database's past: the same work after an empty import, or
/// after a pilot cycle, takes about the time it takes on a fresh database (measured as a
/// ratio in the same run, so it holds on a noisy machine).
@Suite("plan stability", .serialized)
struct PlanStabilityTests {
    /// 40,000 mandates: the quadratic plan this guards against costs about 9 s here, a fresh
    /// import of a debug build about 3 s, so the ratio tells them apart.
    static let mandates: String = {
        let path = NSTemporaryDirectory() + "plan-stability-\(getpid()).csv"
        try? generateMandates(count: 40000, seed: 3, to: path)
        return path
    }()

    /// Writes `count` mandates from fixtures/generate_mandates.py to `path`.
    static func generateMandates(count: Int, seed: Int, to path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", RepositoryRoot.fixture("generate_mandates.py"), "--count", "\(count)",
                             "--seed", "\(seed)", "--out", path]
        try process.run()
        process.waitUntilExit()
    }

    /// Seconds a command takes, and its result.
    static func timed(_ cli: CLI, _ arguments: [String], today: String = "2026-11-21") throws -> (Double, CLI.Result) {
        let start = Date()
        let result = try cli.run(arguments, extraEnvironment: ["AUTODEBET_TODAY": today])
        return (Date().timeIntervalSince(start), result)
    }

    /// Generates 2026-12, answers every file as the simulated bank, imports the answers:
    /// the seconds of generate and of returns import.
    static func cycle(_ cli: CLI, out: String) throws -> (generate: Double, returns: Double) {
        let (generate, generated) = try timed(cli, ["generate", "--period", "2026-12", "--out", out])
        #expect(generated.status == 0, "\(generated.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("AD_") }.sorted()
        for file in files {
            #expect(try cli.run(["simulate-bank", out + "/" + file, "--out", out + "/returns"]).status == 0)
        }
        let answers = try FileManager.default.contentsOfDirectory(atPath: out + "/returns").map { out + "/returns/" + $0 }
        let (returns, imported) = try timed(cli, ["returns", "import"] + answers, today: CLI.returnsDay)
        #expect(imported.status == 0, "\(imported.stderr)")
        return (generate, returns)
    }

    @Test("40,000 mandates after an empty (header-only) import take at most 3x the time of a fresh import")
    func afterEmptyImport() throws {
        let fresh = CLI(try TestDatabase.make()), primed = CLI(try TestDatabase.make())
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let empty = dir + "/empty.csv"
        try "mandate_ref,kpj,nik,name,sector,income,jht,bank_code,account_no,account_name,signed_on,start_period,end_period,paid_through,status\n"
            .write(toFile: empty, atomically: true, encoding: .utf8)
        #expect(try primed.run(["mandates", "import", empty]).status == 0)
        let (freshSeconds, a) = try Self.timed(fresh, ["mandates", "import", Self.mandates])
        let (primedSeconds, b) = try Self.timed(primed, ["mandates", "import", Self.mandates])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        #expect(primedSeconds <= 3 * freshSeconds, "after an empty import \(primedSeconds) s, fresh \(freshSeconds) s")
    }

    @Test("generate and returns import after a pilot cycle take at most 3x the time on a fresh database")
    func afterPilotCycle() throws {
        let freshDB = try TestDatabase.make(), pilotDB = try TestDatabase.make()
        let fresh = CLI(freshDB), pilot = CLI(pilotDB)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The pilot: ten mandates, a whole month generated, answered, imported and closed.
        #expect(try pilot.run(["mandates", "import", RepositoryRoot.fixture("golden/mandates.csv")]).status == 0)
        let (_, pilotGenerated) = try Self.timed(pilot, ["generate", "--period", "2026-11", "--out", dir + "/pilot"], today: "2026-10-20")
        #expect(pilotGenerated.status == 0, "\(pilotGenerated.stderr)")
        for file in try FileManager.default.contentsOfDirectory(atPath: dir + "/pilot").filter({ $0.hasPrefix("AD_") }) {
            #expect(try pilot.run(["simulate-bank", dir + "/pilot/" + file, "--out", dir + "/pilot/returns"]).status == 0)
        }
        let pilotAnswers = try FileManager.default.contentsOfDirectory(atPath: dir + "/pilot/returns").map { dir + "/pilot/returns/" + $0 }
        #expect(try pilot.run(["returns", "import"] + pilotAnswers, extraEnvironment: ["AUTODEBET_TODAY": "2026-11-06"]).status == 0)
        #expect(try Self.timed(pilot, ["close", "--period", "2026-11"], today: "2026-11-20").1.status == 0)
        // Then the full registry, on both.
        #expect(try fresh.run(["mandates", "import", Self.mandates]).status == 0)
        #expect(try pilot.run(["mandates", "import", Self.mandates]).status == 0)
        let onFresh = try Self.cycle(fresh, out: dir + "/fresh")
        let afterPilot = try Self.cycle(pilot, out: dir + "/after-pilot")
        #expect(afterPilot.generate <= 3 * onFresh.generate, "generate: after a pilot \(afterPilot.generate) s, fresh \(onFresh.generate) s")
        #expect(afterPilot.returns <= 3 * onFresh.returns, "returns: after a pilot \(afterPilot.returns) s, fresh \(onFresh.returns) s")
    }

    /// `count` generated mandates in `dir`, readable by the server (COPY FROM a file).
    static func generatedMandates(count: Int, in dir: String) throws -> String {
        let path = dir + "/mandates.csv"
        try generateMandates(count: count, seed: 5, to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        return path
    }

    /// A registry given 24 closed periods (2024-12 to 2026-11) in SQL, the
    /// way `make bench` makes its "history" state (scripts/bench-history.sql).
    static func withHistory(_ db: TestDatabase, mandates path: String) throws {
        let connection = try db.connect()
        try connection.execute("""
            CREATE SCHEMA bench;
            CREATE TABLE bench.history_csv (
                mandate_ref text, kpj text, nik text, name text, sector text, income bigint, jht boolean,
                bank_code text, account_no text, account_name text, signed_on date, start_period text,
                end_period text, paid_through text, status text);
            COPY bench.history_csv FROM '\(path)' WITH (FORMAT csv, HEADER true);
            """)
        try connection.execute(try String(contentsOfFile: RepositoryRoot.path + "/scripts/bench-history.sql", encoding: .utf8))
        try connection.execute("VACUUM ANALYZE")
    }

    @Test("generate, returns import and close with 24 closed periods behind them take at most 3x the time on a fresh database")
    func withTwoYearsOfHistory() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try Self.generatedMandates(count: 5000, in: dir)
        let freshDB = try TestDatabase.make(), historyDB = try TestDatabase.make()
        try Self.withHistory(historyDB, mandates: path)
        #expect(try historyDB.count("SELECT count(*) FROM autodebet.closed_period") == 24)
        // The history's lapses, by close's own rule: unpaid from 2026-06, lapsed since 2026-08.
        #expect(try historyDB.count("SELECT count(*) FROM autodebet.participant WHERE status = 'lapsed' AND lapsed_since = '2026-08'") > 0)
        let fresh = CLI(freshDB), history = CLI(historyDB)
        #expect(try fresh.run(["mandates", "import", path]).status == 0)
        #expect(try history.run(["mandates", "import", path]).status == 0)
        let onFresh = try Self.cycle(fresh, out: dir + "/fresh")
        let onHistory = try Self.cycle(history, out: dir + "/history")
        // Before sessions turned JIT off, each bank's attempt lookup here compiled for 300 ms.
        #expect(onHistory.generate <= 3 * onFresh.generate, "generate: with history \(onHistory.generate) s, fresh \(onFresh.generate) s")
        #expect(onHistory.returns <= 3 * onFresh.returns, "returns: with history \(onHistory.returns) s, fresh \(onFresh.returns) s")
        let (freshClose, a) = try Self.timed(fresh, ["close", "--period", "2026-12"], today: "2026-12-20")
        let (historyClose, b) = try Self.timed(history, ["close", "--period", "2026-12"], today: "2026-12-20")
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        #expect(historyClose <= 3 * freshClose, "close: with history \(historyClose) s, fresh \(freshClose) s")
    }

    @Test("participant shows every attempt and mandate, whatever their status, from two years of history")
    func lookupReadsHistory() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try Self.generatedMandates(count: 300, in: dir)
        let db = try TestDatabase.make()
        try Self.withHistory(db, mandates: path)
        let kpj = try #require(try db.scalar("""
            SELECT kpj FROM autodebet.debit_instruction WHERE status = 'failed' GROUP BY kpj ORDER BY count(*) DESC, kpj LIMIT 1
            """))
        let attempts = try db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE kpj = $1", [kpj])
        let failed = try db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE kpj = $1 AND status = 'failed'", [kpj])
        let shown = try CLI(db).run(["participant", kpj, "--all"])
        #expect(shown.status == 0, "\(shown.stderr)")
        // One line per attempt (attempt number, bank, amount), the failed ones with their outcome.
        let attemptLines = Self.attemptLines(shown.stdout)
        #expect(attemptLines.count == attempts, "\(shown.stdout)")
        #expect(attemptLines.filter { $0.contains("insufficient_funds") }.count == failed, "\(shown.stdout)")
        #expect(shown.stdout.contains("superseded"), "the superseded mandate: \(shown.stdout)")
        // By default, the attempts of the six latest closed periods; every period's result.
        let recent = try db.count("""
            SELECT count(*) FROM autodebet.debit_instruction
             WHERE kpj = $1 AND period >= (SELECT period FROM autodebet.closed_period ORDER BY period DESC OFFSET 5 LIMIT 1)
            """, [kpj])
        let byDefault = try CLI(db).run(["participant", kpj])
        #expect(Self.attemptLines(byDefault.stdout).count == recent && recent < attempts, "\(byDefault.stdout)")
        #expect(byDefault.stdout.contains("Attempts of 2024-12 to 2026-05 are not listed"), "\(byDefault.stdout)")
        #expect(byDefault.stdout.split(separator: "\n").filter { $0.hasPrefix("2025-01 ") }.count == 1)
    }

    /// A new deployment after its first close: one closed period, never analyzed (autovacuum
    /// analyzes it only after 50 closes), and a period's results for every participant. As a
    /// join, the planner, assuming 880 closed periods, scanned every result on each lookup
    /// (26 ms at 200,000 participants; here a scan of 20,000).
    @Test("a lookup probes each closed period's results by key, even when closed_period has no statistics")
    func lookupProbesResultsByKey() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        try connection.execute("""
            INSERT INTO autodebet.closed_period (period, participants, paid, unpaid) VALUES ('2026-11', 20000, 20000, 0);
            INSERT INTO autodebet.period_result (kpj, period, result)
                SELECT lpad(g::text, 11, '0'), '2026-11', 'paid' FROM generate_series(1, 20000) g;
            ANALYZE autodebet.period_result
            """)
        #expect(try db.count("SELECT count(*) FROM pg_stats WHERE schemaname = 'autodebet' AND tablename = 'closed_period'") == 0)
        let plan = try connection.query("EXPLAIN SELECT * FROM autodebet.participant_results('00000012345')")
            .map { try $0.string("QUERY PLAN") }.joined(separator: "\n")
        #expect(plan.contains("Index Scan using period_result_pkey on period_result"), "\(plan)")
        #expect(!plan.contains("Seq Scan on period_result"), "\(plan)")
        let results = try connection.query("SELECT period, result FROM autodebet.participant_results('00000012345')")
        #expect(try results.map { "\(try $0.string("period")) \(try $0.string("result"))" } == ["2026-11 paid"])
    }

    static func attemptLines(_ output: String) -> [Substring] {
        output.split(separator: "\n").filter { $0.range(of: #"\s[123]\s+\d{3}\s+[0-9,]+\s"#, options: .regularExpression) != nil }
    }

    @Test("autodebet's sessions plan without JIT (compiling a plan over every month's partition cost more than running it) and notice a dead client within a second")
    func sessionsWithoutJIT() throws {
        let db = try TestDatabase.make()
        let connection = try Database.connect(url: "dbname=\(db.name)", environment: [:])
        #expect(try connection.query("SHOW jit")[0].string("jit") == "off")
        #expect(try connection.query("SHOW client_connection_check_interval")[0].string("client_connection_check_interval") == "1s")
    }
}
