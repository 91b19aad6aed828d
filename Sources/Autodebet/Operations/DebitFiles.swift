import FixedWidth
import PostgresClient

/// `autodebet files list`, and the one way every operation finds a recorded debit file
/// and its status: autodebet.debit_files(today).
public struct DebitFiles {
    public struct Filter: Sendable {
        public var period: Period?
        public var bankCode: String?
        public var status: DebitFileStatus?

        public init(period: Period? = nil, bankCode: String? = nil, status: DebitFileStatus? = nil) {
            self.period = period
            self.bankCode = bankCode
            self.status = status
        }
    }

    let connection: PostgresConnection
    let today: CalendarDate

    public init(connection: PostgresConnection, today: CalendarDate) {
        self.connection = connection
        self.today = today
    }

    /// Matching files: awaiting first (overdue first, oldest first), then by period, bank, attempt, sequence.
    public func list(_ filter: Filter = Filter()) throws -> [DebitFileRecord] {
        try connection.query("""
            SELECT \(DebitFileRecord.columns) FROM autodebet.debit_files($1::date)
             WHERE ($2::text IS NULL OR period = $2) AND ($3::text IS NULL OR bank_code = $3)
               AND ($4::text IS NULL OR status = $4)
             ORDER BY status <> 'awaiting', NOT overdue, age_business_days DESC NULLS LAST,
                      period, bank_code, attempt, sequence
            """, [today.description, filter.period?.description, filter.bankCode, filter.status?.rawValue])
            .map(DebitFileRecord.init)
    }

    /// One file by name; `forUpdate` locks its row for the transaction. Unknown: exit 2.
    public func named(_ name: String, forUpdate: Bool = false) throws -> DebitFileRecord {
        if forUpdate {
            try connection.query("SELECT 1 FROM autodebet.debit_file WHERE name = $1 FOR UPDATE", [name])
        }
        guard let row = try connection.query(
            "SELECT \(DebitFileRecord.columns) FROM autodebet.debit_files($1::date) WHERE name = $2",
            [today.description, name]).first else {
            throw AutodebetError(.invalidInput, "no debit file named \(name) was ever generated (autodebet files list shows them)")
        }
        return try DebitFileRecord(row)
    }
}
