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

extension PostgresConnection {
    /// pg_advisory_xact_lock(int4, int4): waits for the lock and holds it until the current
    /// transaction ends. For work that must queue rather than fail.
    public func advisoryTransactionLock(_ key: AdvisoryLockKey) throws {
        try query("SELECT pg_advisory_xact_lock($1::int4, $2::int4)", [key.classID, key.objectID])
    }

    /// Who holds a session advisory lock in this database (the locks are per database: a
    /// session with the same key in another database holds another lock): the holder's
    /// application name, backend pid and when its session and its current state began;
    /// nil when nobody does.
    public func advisoryLockHolder(_ key: AdvisoryLockKey) throws -> AdvisoryLockHolder? {
        try query("""
            SELECT a.application_name, a.pid,
                   'connected ' || to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ')
                   || ', ' || a.state || ' since ' || to_char(coalesce(a.state_change, a.backend_start), 'HH24:MI:SS')
                   AS activity
              FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.locktype = 'advisory' AND l.granted
               AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND l.classid = ($1::int4)::oid AND l.objid = ($2::int4)::oid AND l.objsubid = 2
             LIMIT 1
            """, [key.classID, key.objectID]).first.map {
            AdvisoryLockHolder(applicationName: try $0.optionalString("application_name") ?? "",
                               serverPID: try $0.int("pid"), activity: try $0.optionalString("activity") ?? "")
        }
    }
}
