import PostgresClient

/// Whether a debit file on disk is byte for byte one that generate recorded: its SHA-256
/// against autodebet.debit_file (for `validate`).
public enum RecordedDebitFile {
    public enum Match: Sendable, Equatable {
        case recorded(name: String, cancelled: Bool)
        case notRecorded
    }

    public static func match(path: String, connection: PostgresConnection) throws -> (sha256: String, match: Match) {
        let (sha256, _) = try ReturnImport.sha256(of: path)
        guard let row = try connection.query(
            "SELECT name, cancelled_at IS NOT NULL AS cancelled FROM autodebet.debit_file WHERE sha256 = $1 ORDER BY id LIMIT 1",
            [sha256]).first else {
            return (sha256, .notRecorded)
        }
        return (sha256, .recorded(name: try row.string("name"), cancelled: try row.bool("cancelled")))
    }
}
