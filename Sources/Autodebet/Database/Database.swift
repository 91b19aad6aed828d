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
