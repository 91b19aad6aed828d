extension PostgresConnection {
    /// pg_try_advisory_lock(int4, int4): takes the session-level lock if it is free, without waiting.
    /// Session locks stack: each successful call needs its own ``advisoryUnlock(_:)``.
    /// They are released when the connection closes.
    public func tryAdvisoryLock(_ key: AdvisoryLockKey) throws -> Bool {
        let rows = try query("SELECT pg_try_advisory_lock($1::int4, $2::int4) AS locked", [key.classID, key.objectID])
        return try rows.first.map { try $0.bool("locked") } ?? false
    }

    /// pg_advisory_unlock(int4, int4). Throws when this session did not hold the lock, since that
    /// means the caller's idea of what it holds is wrong.
    public func advisoryUnlock(_ key: AdvisoryLockKey) throws {
        let rows = try query("SELECT pg_advisory_unlock($1::int4, $2::int4) AS unlocked", [key.classID, key.objectID])
        guard try rows.first.map({ try $0.bool("unlocked") }) == true else {
            throw PostgresError(
                kind: .protocol,
                message: "advisory lock (\(key.classID), \(key.objectID)) was not held by this session"
            )
        }
    }
}
