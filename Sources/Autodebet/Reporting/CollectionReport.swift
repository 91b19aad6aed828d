import FixedWidth
import PostgresClient

/// The per-bank, per-attempt collection summary of a period (`autodebet report`).
public struct CollectionReport: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var bankCode: String
        public var bankName: String
        public var attempt: Int
        public var submittedCount = 0
        public var submittedAmount: Int64 = 0
        public var paidCount = 0
        public var paidAmount: Int64 = 0
        /// Failed debits by outcome class, every class present (zero when none).
        public var failed: [OutcomeClass: Int] = [:]
        public var outstandingCount = 0

        public init(bankCode: String, bankName: String, attempt: Int) {
            self.bankCode = bankCode
            self.bankName = bankName
            self.attempt = attempt
        }

        public var failedCount: Int { failed.values.reduce(0, +) }

        /// Paid as a share of submitted, in tenths of a percent rounded half up (853 is 85.3%).
        public var successPermille: Int { submittedCount == 0 ? 0 : (paidCount * 2000 / submittedCount + 1) / 2 }
    }

    public var period: Period
    public var rows: [Row]
    /// Debit files with instructions still awaiting the bank's return.
    public var outstandingFiles: [String]
    public var closed: Bool
    /// Paid debits of the period that the participant also paid through another channel
    /// (finance.double_collections): to refund or credit.
    public var doubleCollectionCount = 0
    public var doubleCollectionAmount: Int64 = 0

    public static let failureClasses: [OutcomeClass] = [.insufficientFunds, .temporary, .accountInvalid, .mandateInvalid, .rejected]

    public static func load(_ connection: PostgresConnection, period: Period) throws -> CollectionReport {
        var rows: [Row] = []
        for row in try connection.query("""
            SELECT i.bank_code, b.name, i.attempt,
                   count(*) AS submitted_count, sum(i.amount) AS submitted_amount,
                   count(*) FILTER (WHERE i.status = 'paid') AS paid_count,
                   coalesce(sum(i.amount) FILTER (WHERE i.status = 'paid'), 0) AS paid_amount,
                   count(*) FILTER (WHERE i.outcome = 'insufficient_funds') AS insufficient_funds,
                   count(*) FILTER (WHERE i.outcome = 'temporary') AS temporary,
                   count(*) FILTER (WHERE i.outcome = 'account_invalid') AS account_invalid,
                   count(*) FILTER (WHERE i.outcome = 'mandate_invalid') AS mandate_invalid,
                   count(*) FILTER (WHERE i.outcome = 'rejected') AS rejected,
                   count(*) FILTER (WHERE i.status = 'submitted') AS outstanding_count
              FROM autodebet.debit_instruction i
              JOIN autodebet.bank b ON b.code = i.bank_code
             WHERE i.period = $1
             GROUP BY i.bank_code, b.name, i.attempt
             ORDER BY i.bank_code, i.attempt
            """, [period.description]) {
            var item = Row(bankCode: try row.string("bank_code"), bankName: try row.string("name"), attempt: try row.int("attempt"))
            item.submittedCount = try row.int("submitted_count")
            item.submittedAmount = try row.int64("submitted_amount")
            item.paidCount = try row.int("paid_count")
            item.paidAmount = try row.int64("paid_amount")
            for outcome in failureClasses { item.failed[outcome] = try row.int(outcome.rawValue) }
            item.outstandingCount = try row.int("outstanding_count")
            rows.append(item)
        }
        let outstanding = try connection.query(
            "SELECT name FROM autodebet.files_awaiting_return($1)", [period.description]).map { try $0.string("name") }
        let closed = try connection.query("SELECT 1 FROM autodebet.closed_period WHERE period = $1",
                                          [period.description]).count == 1
        let double = try connection.query("""
            SELECT count(*) AS n, coalesce(sum(amount), 0) AS amount FROM finance.double_collections WHERE period = $1
            """, [period.description])[0]
        var report = CollectionReport(period: period, rows: rows, outstandingFiles: outstanding, closed: closed)
        report.doubleCollectionCount = try double.int("n")
        report.doubleCollectionAmount = try double.int64("amount")
        return report
    }
}
