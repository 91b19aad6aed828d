import Testing

@testable import PostgresClient

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

@Suite struct AdvisoryLockTests {
    @Test func lockIsExclusiveUntilUnlockedOrClosed() throws {
        let a = try TestDatabase.connect()
        let b = try TestDatabase.connect()
        let key = AdvisoryLockKey(classID: 7_001, objectID: Int32.random(in: 1...Int32.max))

        #expect(try a.tryAdvisoryLock(key))
        #expect(try !b.tryAdvisoryLock(key))
        try a.advisoryUnlock(key)
        #expect(try b.tryAdvisoryLock(key))
        try b.advisoryUnlock(key)
        #expect(throws: PostgresError.self) { try b.advisoryUnlock(key) }  // not held any more

        #expect(try a.tryAdvisoryLock(key))
        #expect(try !b.tryAdvisoryLock(key))
        a.close()
        // The server releases a closed session's locks when its backend exits, just after PQfinish returns.
        var acquired = false
        for _ in 0..<500 where !acquired {
            acquired = try b.tryAdvisoryLock(key)
            if !acquired { usleep(10_000) }
        }
        #expect(acquired)
    }

    /// Regression: the holder query read pg_locks of every database, so a run named another
    /// database's session (same key, a different lock), and took a live holder there for its own.
    @Test func holderIsLookedUpInThisDatabaseOnly() throws {
        let admin = try TestDatabase.connect()
        defer { admin.close() }
        let other = "advisory_other_\(Int32.random(in: 1...Int32.max))"
        try admin.execute("CREATE DATABASE \(other)")
        defer { try? admin.execute("DROP DATABASE \(other) WITH (FORCE)") }
        let there = try PostgresConnection(conninfo: "dbname=\(other)", applicationName: "holder-elsewhere")
        defer { there.close() }
        let here = try TestDatabase.connect()
        defer { here.close() }
        let key = AdvisoryLockKey(classID: 7_002, objectID: Int32.random(in: 1...Int32.max))

        #expect(try there.tryAdvisoryLock(key))
        #expect(try here.advisoryLockHolder(key) == nil)
        #expect(try here.tryAdvisoryLock(key))  // another database, another lock
        let mine = try TestDatabase.connect()
        defer { mine.close() }
        #expect(try mine.advisoryLockHolder(key)?.applicationName == "postgres-client-tests")
    }
}
