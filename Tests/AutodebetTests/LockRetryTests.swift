@testable import Autodebet
import Foundation
import PostgresClient
import Testing

/// When a run is refused a lock, it looks up the holder. What it then does is decided here:
/// a CI run once found nobody there (the holder's session was ending) and exited 3.
@Suite("retrying a refused lock")
struct LockRetryTests {
    struct LookupFailed: Error {}

    static func holder(_ name: String) -> AdvisoryLockHolder {
        AdvisoryLockHolder(applicationName: name, serverPID: 4242, activity: "")
    }

    @Test("a holder that has vanished from view is tried again, up to the wait")
    func vanishedHolder() {
        #expect(PostgresConnection.shouldRetry(after: .success(nil), waited: 0))
        #expect(!PostgresConnection.shouldRetry(after: .success(nil), waited: PostgresConnection.deadHolderWait))
    }

    @Test("a live autodebet holder, or another application's, means exit 3 at once")
    func liveHolder() {
        #expect(!PostgresConnection.shouldRetry(after: .success(Self.holder(ClientIdentity.current.applicationName)), waited: 0))
        #expect(!PostgresConnection.shouldRetry(after: .success(Self.holder("psql")), waited: 0))
        #expect(!PostgresConnection.shouldRetry(after: .success(Self.holder("")), waited: 0))
    }

    @Test("a holder whose process has ended on this machine is waited for, up to the wait")
    func deadHolder() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let ended = Self.holder(ClientIdentity(pid: child.processIdentifier, host: ClientIdentity.current.host).applicationName)
        #expect(PostgresConnection.shouldRetry(after: .success(ended), waited: 0))
        #expect(!PostgresConnection.shouldRetry(after: .success(ended), waited: PostgresConnection.deadHolderWait))
        let elsewhere = Self.holder(ClientIdentity(pid: child.processIdentifier, host: "another-host").applicationName)
        #expect(!PostgresConnection.shouldRetry(after: .success(elsewhere), waited: 0))
    }

    @Test("a holder we cannot look up means exit 3 at once")
    func failedLookup() {
        #expect(!PostgresConnection.shouldRetry(after: .failure(LookupFailed()), waited: 0))
    }
}
