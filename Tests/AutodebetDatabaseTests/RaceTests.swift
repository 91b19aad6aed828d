import FixedWidth
import Foundation
import PostgresClient
import Testing
import TestSupport

/// Checks bound to the acts they guard: one lock per period for everything that changes
/// it, status derivation serialized across periods, and nothing undone when a COMMIT's
/// outcome is unknown.
@Suite("races and lost answers")
struct RaceTests {
    typealias Cycle = GoldenSetup

    /// Waits until sessions of the test database hold `count` advisory locks (a returns
    /// import holds two once inside its transaction: the file's and the period's).
    static func waitForLock(_ db: TestDatabase, count: Int = 1) throws {
        let connection = try db.connect()
        defer { connection.close() }
        for _ in 0..<500 {
            if try connection.query("""
                SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                 WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()
                """).count >= count { return }
            usleep(20_000)
        }
        Issue.record("no run took a lock")
    }

    /// 2026-12 closed; 2027-01 and 2027-02 collected, each with 0001 unable to pay, not yet closed.
    static func history() throws -> Cycle {
        let c = try Cycle()
        let broke: [String: OutcomeClass] = ["10000000001": .insufficientFunds]
        for period in ["2026-12", "2027-01", "2027-02"] {
            for _ in 1...3 { try c.attempt(period, outcomes: broke) }
        }
        #expect(try c.close("2026-12").status == 0)
        return c
    }

    static func statuses(_ db: TestDatabase) throws -> String? {
        try db.scalar("""
            SELECT string_agg(kpj || '=' || status || '/' || unpaid_streak || '/' || coalesce(lapsed_since, '-'), ' ' ORDER BY kpj)
              FROM finance.participants
            """)
    }

    @Test("two closes of different periods at once end with exactly the statuses of closing them in turn")
    func closeCloseDifferentPeriods() throws {
        let inTurn = try Self.history()
        defer { inTurn.cleanUp() }
        #expect(try inTurn.run(["close", "--period", "2027-01"], today: "2027-02-20").status == 0)
        #expect(try inTurn.run(["close", "--period", "2027-02"], today: "2027-02-20").status == 0)
        let expected = try Self.statuses(inTurn.db)
        #expect(expected?.contains("10000000001=lapsed/3/2027-02") == true)

        let together = try Self.history()
        defer { together.cleanUp() }
        let first = try together.cli.start(["close", "--period", "2027-01"], extraEnvironment: [
            "AUTODEBET_TODAY": "2027-02-20", "AUTODEBET_FAILPOINT": "close.before-commit:sleep=3"])
        try Self.waitForLock(together.db)
        let second = try together.cli.start(["close", "--period", "2027-02"], extraEnvironment: ["AUTODEBET_TODAY": "2027-02-20"])
        let a = try first.wait(), b = try second.wait()
        #expect(a.status == 0, "\(a.stderr)")
        #expect(b.status == 0, "\(b.stderr)")
        #expect(try Self.statuses(together.db) == expected)
    }

    @Test("close while generate is inside its transaction exits 3 and closes nothing")
    func closeVersusGenerate() throws {
        let c = try Cycle()
        defer { c.cleanUp() }
        let generating = try c.cli.start(["generate", "--period", "2026-12", "--out", c.out], extraEnvironment: [
            "AUTODEBET_TODAY": "2026-11-21", "AUTODEBET_FAILPOINT": "generate.before-commit:sleep=3"])
        try Self.waitForLock(c.db)
        let close = try c.run(["close", "--period", "2026-12"], today: "2026-12-20")
        #expect(close.status == 3, "\(close.stderr)")
        #expect(close.stderr.contains("another run holds the lock for period 2026-12"))
        #expect(try generating.wait().status == 0)
        #expect(try c.db.count("SELECT count(*) FROM autodebet.closed_period") == 0)
        // Once generated, close is refused while the returns are awaited: never half-recorded.
        let after = try c.run(["close", "--period", "2026-12"], today: "2026-12-20")
        #expect(after.status == 4)
        #expect(after.stderr.contains("awaiting"))
    }

    @Test("a lost COMMIT acknowledgement places no file; the rerun writes the recorded files from the database")
    func lostCommitAcknowledgement() throws {
        let c = try Cycle()
        defer { c.cleanUp() }
        let lost = try c.cli.run(["generate", "--period", "2026-12", "--out", c.out],
                                 extraEnvironment: ["AUTODEBET_FAILPOINT": "generate.after-commit:raise"])
        #expect(lost.status == 1)
        #expect(lost.stderr.contains("whether the work was recorded is unknown"), "\(lost.stderr)")
        #expect(lost.stderr.contains("no file was placed in"), "\(lost.stderr)")
        // Nothing is placed on a guess: the outbox shows no file while the outcome is unknown.
        #expect(try FileManager.default.contentsOfDirectory(atPath: c.out).isEmpty)
        #expect(try c.db.count("SELECT count(*) FROM autodebet.debit_file") == 2)
        let rerun = try c.cli.run(["generate", "--period", "2026-12", "--out", c.out])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: c.out).sorted()
        #expect(files == ["AD_111_202612_A1_S0001.txt", "AD_114_202612_A1_S0001.txt"])
        #expect(rerun.stdout.contains("recorded earlier and missing from the directory"), "\(rerun.stdout)")
        for name in files {
            let recorded = try c.db.scalar("SELECT sha256 FROM autodebet.debit_file WHERE name = $1", [name])
            let bytes = try Data(contentsOf: URL(fileURLWithPath: c.out + "/" + name))
            #expect(recorded == sha256Hex(bytes), "\(name)")
        }
    }

    @Test("a return file that grows between hashing and reading is refused under the hash of the bytes read")
    func growingReturnFile() throws {
        let s = try GoldenSetup(generating: "2026-12")
        defer { s.cleanUp() }
        let answer = try Bank.answer(s.out + "/AD_114_202612_A1_S0001.txt", in: s.out)
        let complete = try Data(contentsOf: URL(fileURLWithPath: answer))
        // The bank's upload is still under way: the first part now, the rest while the import reads.
        try complete.prefix(121).write(to: URL(fileURLWithPath: answer))
        let importing = try s.cli.start(["returns", "import", answer],
                                        extraEnvironment: ["AUTODEBET_FAILPOINT": "returns.after-hash:sleep=2"])
        usleep(800_000)
        try complete.write(to: URL(fileURLWithPath: answer))
        let result = try importing.wait()
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("the file changed while it was being read"), "\(result.stderr)")
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE status <> 'submitted'") == 0)
        #expect(try s.db.scalar("SELECT sha256 FROM autodebet.return_file WHERE status = 'rejected'") == sha256Hex(complete))
        // Once complete, the same file imports.
        #expect(try s.cli.run(["returns", "import", answer]).status == 0)
    }
}

