import Foundation
import PostgresClient
import Testing
import TestSupport

/// Each period result keeps the state it leaves its participant in (unpaid streak, lapsed
/// since, change of status), so that close reads one previous result, not the history
/// (issue 8). Three ways write those states: migration 0013 for results recorded before
/// it, close for its period, and close again for the later periods whose states follow
/// from a period closed again. All three must give what the rule gives, written here once
/// more, plainly, as the test's oracle: gaps (periods without a result), lapses, lapses
/// continued and reinstatements included.
@Suite("result states")
struct ResultStateTests {
    /// 2025-10 to 2026-11.
    static let periods: [String] = (0..<14).map { (k: Int) -> String in
        let month: Int = 9 + k
        return String(format: "%04d-%02d", 2025 + month / 12, month % 12 + 1)
    }

    /// kpj → its results in period order (period, paid); some periods skipped.
    static func history(participants: Int, seed: UInt64) -> [(kpj: String, results: [(period: String, paid: Bool)])] {
        var rng = SplitMix64(state: seed)
        return (0..<participants).map { n in
            let payer = Int(rng.next() % 100)   // how often this one pays, in percent
            let results = periods.compactMap { period -> (String, Bool)? in
                rng.next() % 100 < 15 ? nil : (period, Int(rng.next() % 100) < payer)
            }
            return (String(format: "1%010d", n), results)
        }
    }

    struct State: Equatable, CustomStringConvertible {
        var streak = 0
        var lapsedSince: String?
        var change: String?
        var description: String { "\(streak)/\(lapsedSince ?? "-")/\(change ?? "-")" }
    }

    /// The rule: unpaid results since the latest paid one; three lapse the participant,
    /// since the third; the result that lapses or reinstates it records the change.
    static func states(_ results: [(period: String, paid: Bool)]) -> [State] {
        var previous = State()
        return results.map { result in
            var state = State()
            state.streak = result.paid ? 0 : previous.streak + 1
            state.lapsedSince = state.streak > 3 ? previous.lapsedSince : state.streak == 3 ? result.period : nil
            if (state.streak >= 3) != (previous.streak >= 3) { state.change = state.streak >= 3 ? "lapsed" : "reinstated" }
            previous = state
            return state
        }
    }

    static func expectedTable(_ history: [(kpj: String, results: [(period: String, paid: Bool)])]) -> [String] {
        history.flatMap { p in zip(p.results, states(p.results)).map { "\(p.kpj) \($0.period) \($1)" } }.sorted()
    }

    static let recordedTable = """
        SELECT kpj || ' ' || period || ' ' || unpaid_streak || '/' || coalesce(lapsed_since, '-') || '/' || coalesce(change, '-')
          FROM autodebet.period_result ORDER BY 1
        """

    static func insert(_ history: [(kpj: String, results: [(period: String, paid: Bool)])], into db: TestDatabase) throws {
        let rows = history.flatMap { p in p.results.map { "('\(p.kpj)', '\($0.period)', '\($0.paid ? "paid" : "unpaid")')" } }
        let connection = try db.connect()
        defer { connection.close() }
        try connection.execute("""
            INSERT INTO autodebet.participant (kpj, nik, name)
            SELECT kpj, '32' || substr(kpj, 2) || '0000', 'P ' || kpj FROM (VALUES \(history.map { "('\($0.kpj)')" }.joined(separator: ","))) v (kpj);
            INSERT INTO autodebet.period_result (kpj, period, result) VALUES \(rows.joined(separator: ","));
            INSERT INTO autodebet.closed_period (period, participants, paid, unpaid)
            SELECT period, count(*), count(*) FILTER (WHERE result = 'paid'), count(*) FILTER (WHERE result = 'unpaid')
              FROM autodebet.period_result GROUP BY period;
            """)
    }

    /// Close's path over what is recorded: every closed period's results written again
    /// with their states (autodebet.write_period_results), oldest first.
    static func restateEveryPeriod(_ db: TestDatabase) throws {
        try db.connect().execute("""
            DO $$
            DECLARE p autodebet.period;
            BEGIN
                FOR p IN SELECT period FROM autodebet.closed_period ORDER BY period LOOP
                    DROP TABLE IF EXISTS pg_temp.result_due;
                    CREATE TEMP TABLE result_due AS SELECT kpj, result FROM autodebet.period_result WHERE period = p;
                    DELETE FROM autodebet.period_result WHERE period = p;
                    PERFORM autodebet.write_period_results(p);
                END LOOP;
            END $$;
            """)
    }

    static func rows(_ db: TestDatabase, _ sql: String) throws -> [String] {
        let connection = try db.connect()
        defer { connection.close() }
        return try connection.query(sql).map { $0[0] ?? "" }
    }

    @Test("results recorded before 0013 get the states the rule gives, and close's own path gives the same")
    func upgrade() throws {
        let db = try TestDatabase.make(migrated: false)
        let home = try DefinitionTests.home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        // A deployment at schema 12: without 0013, nor the definitions that read its columns.
        let aside = ["migrations/0013_result_states.sql", "functions/40_close.sql", "views/10_finance.sql", "views/90_runtime_role.sql"]
        for file in aside { try FileManager.default.moveItem(atPath: "\(home)/sql/\(file)", toPath: "\(home)/\(file.replacingOccurrences(of: "/", with: "_"))") }
        let cli = CLI(db)
        let env = ["AUTODEBET_HOME": home]
        #expect(try cli.run(["migrate"], extraEnvironment: env).status == 0)
        let history = Self.history(participants: 300, seed: 13)
        try Self.insert(history, into: db)
        for file in aside { try FileManager.default.moveItem(atPath: "\(home)/\(file.replacingOccurrences(of: "/", with: "_"))", toPath: "\(home)/sql/\(file)") }
        let upgrade = try cli.run(["migrate"], extraEnvironment: env)
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        #expect(upgrade.stdout.contains("applied 0013_result_states"))
        let expected = Self.expectedTable(history)
        #expect(expected.contains { $0.hasSuffix("/lapsed") } && expected.contains { $0.hasSuffix("/reinstated") })
        #expect(try Self.rows(db, Self.recordedTable) == expected)
        // Close's path: every period's results written again, oldest first.
        try Self.restateEveryPeriod(db)
        #expect(try Self.rows(db, Self.recordedTable) == expected)
        let changes = expected.filter { !$0.hasSuffix("/-") }.count
        #expect(try db.count("SELECT count(*) FROM finance.status_changes") == changes)
    }

    @Test("a period closed again after later ones: the later results' states and the statuses follow")
    func closedAgain() throws {
        let db = try TestDatabase.make()
        var history = Self.history(participants: 300, seed: 8)
        try Self.insert(history, into: db)
        try Self.restateEveryPeriod(db)
        try db.connect().execute("""
            BEGIN;
            CREATE TEMP TABLE close_scope ON COMMIT DROP AS SELECT kpj FROM autodebet.participant;
            SELECT * FROM autodebet.derive_participant_statuses('2026-11');
            COMMIT;
            """)
        #expect(try Self.rows(db, Self.recordedTable) == Self.expectedTable(history))
        // Closed again with no mandate or debit behind it (the test made none): nobody is in
        // 2026-03 any more, so every later state of its participants follows from 2026-02.
        let middle = "2026-03"
        try db.connect().execute("""
            BEGIN;
            SELECT * FROM autodebet.record_period_results('\(middle)');
            SELECT * FROM autodebet.derive_participant_statuses('\(middle)');
            COMMIT;
            """)
        history = history.map { ($0.kpj, $0.results.filter { $0.period != middle }) }
        #expect(try Self.rows(db, Self.recordedTable) == Self.expectedTable(history))
        let statuses = history.map { p -> String in
            let last = Self.states(p.results).last ?? State()
            return "\(p.kpj) \(last.streak >= 3 ? "lapsed" : "active")/\(last.streak)/\(last.lapsedSince ?? "-")"
        }
        #expect(try Self.rows(db, """
            SELECT kpj || ' ' || status || '/' || unpaid_streak || '/' || coalesce(lapsed_since, '-')
              FROM autodebet.participant ORDER BY kpj
            """) == statuses)
    }
}
