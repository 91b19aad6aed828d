import PostgresClient

/// Opening the database: `--database-url`, else `DATABASE_URL`, else libpq's own
/// environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, …).
public enum Database {
    public static func connect(url: String?, environment: [String: String]) throws -> PostgresConnection {
        let conninfo = url ?? environment["DATABASE_URL"]
        do {
            return try PostgresConnection(conninfo: conninfo)
        } catch let error as PostgresError {
            // PostgresError never holds the password or the conninfo.
            throw AutodebetError(.failure, "cannot connect to PostgreSQL: \(error.message)")
        }
    }
}

extension PostgresConnection {
    /// Memory for the sorts and hashes of a bulk transaction's statements (256 MB each at
    /// most, for this transaction only), so that a million keys sort and aggregate in
    /// memory instead of spilling to disk. Batch jobs run one at a time per kind of work.
    public func useBatchMemory() throws {
        try execute("SET LOCAL work_mem = '256MB'")
    }
}
