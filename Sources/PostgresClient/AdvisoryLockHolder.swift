/// The session holding a session advisory lock, as pg_stat_activity shows it.
public struct AdvisoryLockHolder: Sendable, Equatable {
    /// The holder's application_name ("" when it set none).
    public var applicationName: String
    /// The holder's backend process on the server.
    public var serverPID: Int
    /// "connected 2026-12-03 08:08:04 UTC, idle in transaction since 08:08:04".
    public var activity: String

    public init(applicationName: String, serverPID: Int, activity: String) {
        self.applicationName = applicationName
        self.serverPID = serverPID
        self.activity = activity
    }
}
