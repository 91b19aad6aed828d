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
}
