import PostgresClient

/// A BPD in the registry (autodebet.bank).
public struct Bank: Sendable, Equatable {
    public let code: String
    public let name: String
    public let layout: String
    /// Day of the month for attempt 1, 2, 3.
    public let debitDays: [Int]
    public let maxAttempts: Int
    public let maxRecordsPerFile: Int
    public let active: Bool
    /// Business days before its debit date from which `run` generates a period's attempt 1.
    public let leadDays: Int

    public static func all(_ connection: PostgresConnection) throws -> [Bank] {
        try connection.query("""
            SELECT code, name, layout, array_to_string(debit_days, ',') AS debit_days,
                   max_attempts, max_records_per_file, active, lead_days
              FROM autodebet.bank ORDER BY code
            """).map { row in
            Bank(
                code: try row.string("code"),
                name: try row.string("name"),
                layout: try row.string("layout"),
                debitDays: try row.string("debit_days").split(separator: ",").compactMap { Int($0) },
                maxAttempts: try row.int("max_attempts"),
                maxRecordsPerFile: try row.int("max_records_per_file"),
                active: try row.bool("active"),
                leadDays: try row.int("lead_days"))
        }
    }
}
