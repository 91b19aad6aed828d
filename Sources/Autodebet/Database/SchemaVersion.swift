import PostgresClient

/// The schema version a database holds (its latest applied migration), checked before a
/// command uses it, so that a database never migrated, or migrated by an older program,
/// gets "run autodebet migrate first" rather than a raw SQL error halfway through.
public enum SchemaVersion {
    /// The latest applied migration's number; nil when the schema is not there at all.
    public static func applied(_ connection: PostgresConnection) throws -> Int? {
        let row = try connection.query("""
            SELECT to_regclass('autodebet.schema_migration') IS NOT NULL AS present
            """)[0]
        guard try row.bool("present") else { return nil }
        return try connection.query("SELECT coalesce(max(version), 0) AS version FROM autodebet.schema_migration")[0]
            .int("version")
    }

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
