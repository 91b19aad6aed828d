import Foundation
import Testing
import TestSupport

/// The PostgreSQL server stopped (`pg_ctl stop -m immediate`) while generate or returns
/// import is inside its transaction: exit 1 naming the lost connection, nothing placed or
/// half-applied, and after a restart the rerun completes with the invariants clean. Each
/// test has a cluster of its own (PrivateCluster): the shared one serves parallel tests.
@Suite("a lost database")
struct LostDatabaseTests {
    struct Setup {
        let cluster: PrivateCluster
        let cli: CLI
        let out: String
        let returns: String

        init() throws {
            cluster = try PrivateCluster()
            var cli = CLI(TestDatabase(name: "postgres"))
            for (key, value) in cluster.environment { cli.environment[key] = value }
            self.cli = cli
            out = try temporaryDirectory()
            returns = try temporaryDirectory()
            #expect(try cli.run(["migrate"]).status == 0)
            let imported = try cli.run(["mandates", "import", fixture("golden/mandates.csv")])
            #expect(imported.status == 0, "\(imported.stderr)")
        }

        /// Waits until the run is at its failpoint: idle in its transaction for half a second.
        func waitForFailpoint() throws {
            let connection = try cluster.connect()
            defer { connection.close() }
            for _ in 0..<500 {
                if try connection.query("""
                    SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'autodebet/%'
                       AND state = 'idle in transaction' AND state_change < now() - interval '0.5 s'
                    """).count == 1 { return }
                usleep(20_000)
            }
            Issue.record("the run never reached its failpoint")
        }

        func count(_ sql: String) throws -> Int {
            let connection = try cluster.connect()
            defer { connection.close() }
            return Int(try connection.query(sql).first?[0] ?? "") ?? -1
        }

        func violations() throws -> [String] {
            let connection = try cluster.connect()
            defer { connection.close() }
            return try Invariants.violations(connection, outbox: out)
        }

        func cleanUp() {
            cluster.remove()
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: returns)
        }
    }

    @Test("server stopped inside generate's transaction: exit 1 naming the lost connection, no file placed; after a restart the rerun completes")
    func generateLosesTheServer() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        let running = try s.cli.start(["generate", "--period", "2026-12", "--out", s.out],
                                      extraEnvironment: ["AUTODEBET_FAILPOINT": "generate.before-commit:sleep=5"])
        try s.waitForFailpoint()
        try s.cluster.stopImmediately()
        let lost = try running.wait()
        #expect(lost.status == 1, "\(lost.stderr)")
        #expect(lost.stderr.contains("the connection was lost"), "\(lost.stderr)")
        #expect(lost.stderr.contains("no file was placed in \(s.out)"), "\(lost.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.out) == [])
        try s.cluster.start()
        // The server rolled the transaction back in its recovery.
        #expect(try s.count("SELECT count(*) FROM autodebet.debit_file") == 0)
        let rerun = try s.cli.run(["generate", "--period", "2026-12", "--out", s.out])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.out).sorted()
                == ["AD_111_202612_A1_S0001.txt", "AD_114_202612_A1_S0001.txt"])
        #expect(try s.violations() == [])
    }

    @Test("server stopped inside returns import's transaction: exit 1 naming the lost connection, nothing settled; after a restart the rerun imports the file whole")
    func returnsImportLosesTheServer() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        #expect(try s.cli.run(["generate", "--period", "2026-12", "--out", s.out]).status == 0)
        let answer = try Bank.answer(s.out + "/AD_114_202612_A1_S0001.txt", in: s.returns)
        let running = try s.cli.start(["returns", "import", answer],
                                      extraEnvironment: ["AUTODEBET_FAILPOINT": "returns.before-commit:sleep=5"])
        try s.waitForFailpoint()
        try s.cluster.stopImmediately()
        let lost = try running.wait()
        #expect(lost.status == 1, "\(lost.stderr)")
        #expect(lost.stderr.contains("the connection was lost"), "\(lost.stderr)")
        try s.cluster.start()
        #expect(try s.count("SELECT count(*) FROM autodebet.return_file") == 0)
        #expect(try s.count("SELECT count(*) FROM autodebet.debit_instruction WHERE status <> 'submitted'") == 0)
        #expect(try s.violations() == [])
        let rerun = try s.cli.run(["returns", "import", answer])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try s.count("SELECT count(*) FROM autodebet.debit_instruction WHERE status = 'paid' AND bank_code = '114'") == 3)
        #expect(try s.violations() == [])
    }
}

extension LostDatabaseTests {
    @Test("server stopped between statements, outside a transaction: exit 1, one line naming the lost connection")
    func lostBetweenStatements() throws {
        let s = try Setup()
        defer { s.cleanUp() }
        #expect(try s.cli.run(["generate", "--period", "2026-12", "--out", s.out]).status == 0)
        let answer = try Bank.answer(s.out + "/AD_114_202612_A1_S0001.txt", in: s.returns)
        // After hashing, the import holds the file's lock and waits before its transaction.
        let running = try s.cli.start(["returns", "import", answer],
                                      extraEnvironment: ["AUTODEBET_FAILPOINT": "returns.after-hash:sleep=4"])
        let connection = try s.cluster.connect()
        for _ in 0..<500 where try connection.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory'").count == 0 {
            usleep(20_000)
        }
        connection.close()
        usleep(1_000_000)
        try s.cluster.stopImmediately()
        let lost = try running.wait()
        #expect(lost.status == 1, "\(lost.stderr)")
        #expect(lost.stderr.hasPrefix("autodebet: lost the connection to PostgreSQL (server closed the connection unexpectedly"),
                "\(lost.stderr)")
        #expect(lost.stderr.split(separator: "\n").count == 1, "\(lost.stderr)")
        try s.cluster.start()
        #expect(try s.count("SELECT count(*) FROM autodebet.return_file") == 0)
        #expect(try s.cli.run(["returns", "import", answer]).status == 0)
        #expect(try s.violations() == [])
    }
}
