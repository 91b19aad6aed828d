import PostgresClient

/// Opening the database: `--database-url`, else `DATABASE_URL`, else libpq's own
/// environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, …).
public enum Database {
    public static func connect(url: String?, environment: [String: String]) throws -> PostgresConnection {
        let conninfo = url ?? environment["DATABASE_URL"]
        do {
            let connection = try PostgresConnection(conninfo: conninfo, applicationName: ClientIdentity.current.applicationName)
            try connection.configureSession()
            return connection
        } catch let error as PostgresError {
            // PostgresError never holds the password or the conninfo.
            throw AutodebetError(.failure, "cannot connect to PostgreSQL: \(error.message)")
        }
    }
}

extension PostgresConnection {
    /// The session's settings, in one round trip (a lookup is a process and a connection
    /// of its own, so each round trip shows in its latency):
    /// - no JIT compilation. PostgreSQL decides to compile from a plan's estimated cost,
    ///   and a plan over every period's partition estimates high once years of history are
    ///   in: with two years, generate spent 300 ms compiling each bank's 1 ms attempt lookup;
    /// - dead clients noticed quickly. After a `kill -9`, the server's side of the session
    ///   would live on, holding its advisory lock, until it next tried to talk to the dead
    ///   client; the rerun that cron or an operator starts at once would then exit 3.
    ///   PostgreSQL 14+ can check the client's socket every second while a statement runs.
    func configureSession() throws {
        try execute("""
            SELECT set_config('jit', 'off', false),
                   CASE WHEN current_setting('server_version_num')::int >= 140000
                        THEN set_config('client_connection_check_interval', '1000', false) END
            """)
    }

    /// Memory for the sorts and hashes of a bulk transaction's statements (256 MB each at
    /// most, for this transaction only), so that a million keys sort and aggregate in
    /// memory instead of spilling to disk. Batch jobs run one at a time per kind of work.
    public func useBatchMemory() throws {
        try execute("SET LOCAL work_mem = '256MB'")
    }

    /// Fresh statistics for a table of schema autodebet that a bulk step just filled, so
    /// the next plans fit its size. Through autodebet.refresh_statistics, which holds the
    /// owner's right to ANALYZE: the runtime role owns no table.
    func refreshStatistics(_ table: String) throws {
        try query("SELECT autodebet.refresh_statistics($1::regclass)", ["autodebet." + table])
    }
}
