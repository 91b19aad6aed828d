import FixedWidth
import PostgresClient

/// A recorded debit file and where it stands, as autodebet.debit_files() derives it.
public struct DebitFileRecord: Sendable, Equatable {
    public var name: String
    public var bankCode: String
    public var bankName: String
    public var period: Period
    public var attempt: Int
    public var sequence: Int
    public var recordCount: Int
    public var totalAmount: Int64
    public var debitDate: CalendarDate
    public var sha256: String
    public var status: DebitFileStatus
    /// Business days since the debit date, while awaiting its return.
    public var ageBusinessDays: Int?
    /// Awaiting for longer than the bank's return_days.
    public var overdue: Bool
    /// The imported return file that answered it.
    public var returnFile: String?
    /// When it was cancelled, in seconds since 1970 (LocalTime shows it).
    public var cancelledAt: Int64?
    public var cancelReason: String?

    /// The columns of autodebet.debit_files() this type reads.
    static let columns = """
        name, bank_code, bank_name, period, attempt, sequence, record_count, total_amount, debit_date::text AS debit_date,
        sha256, status, age_business_days, overdue, return_file,
        extract(epoch FROM cancelled_at)::bigint AS cancelled_at,
        cancel_reason
        """

    init(_ row: PostgresRow) throws {
        name = try row.string("name")
        bankCode = try row.string("bank_code")
        bankName = try row.string("bank_name")
        guard let period = Period(try row.string("period")),
              let debitDate = CalendarDate(iso: try row.string("debit_date")),
              let status = DebitFileStatus(rawValue: try row.string("status")) else {
            throw AutodebetError(.failure, "autodebet.debit_files() returned a row this program cannot read")
        }
        self.period = period
        self.debitDate = debitDate
        self.status = status
        attempt = try row.int("attempt")
        sequence = try row.int("sequence")
        recordCount = try row.int("record_count")
        totalAmount = try row.int64("total_amount")
        sha256 = try row.string("sha256")
        ageBusinessDays = try row.optionalInt64("age_business_days").map(Int.init)
        overdue = try row.bool("overdue")
        returnFile = try row.optionalString("return_file")
        cancelledAt = try row.optionalInt64("cancelled_at")
        cancelReason = try row.optionalString("cancel_reason")
    }
}
