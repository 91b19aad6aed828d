import PostgresClient

/// The schema version a database holds (its latest applied migration), checked before a
/// command uses it, so that a database never migrated, or migrated by an older program,
/// gets "run autodebet migrate first" rather than a raw SQL error halfway through.
public enum SchemaVersion {
    /// The latest applied migration's number; nil when the schema is not there at all.
    /// One round trip (every command starts with it, a lookup among them): the table is
    /// read, and its absence is the server's error. Called outside a transaction.
    public static func applied(_ connection: PostgresConnection) throws -> Int? {
        do {
            return try connection.query("SELECT coalesce(max(version), 0) AS version FROM autodebet.schema_migration")[0]
                .int("version")
        } catch let error as PostgresError where error.sqlState.map(Self.absent.contains) == true {
            return nil
        }
    }

    /// undefined_table, invalid_schema_name: no autodebet.schema_migration to read.
    static let absent: Set<String> = ["42P01", "3F000"]

    /// Refuses (exit 4) a database whose schema is missing or older than `expected`.
    public static func require(_ connection: PostgresConnection, expected: Int) throws {
        guard let version = try applied(connection), version > 0 else {
            throw AutodebetError(.refused, "the database holds no autodebet schema: run autodebet migrate first")
        }
        guard version >= expected else {
            throw AutodebetError(.refused, """
                the database's schema is at version \(version) and this program expects \(expected): \
                run autodebet migrate first
                """)
        }
    }
}
