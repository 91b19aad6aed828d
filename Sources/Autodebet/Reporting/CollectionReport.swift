import FixedWidth
import PostgresClient

/// The per-bank, per-attempt collection summary of a period (`autodebet report`), read
/// from the finance views only, so that a role with nothing but finance_reader can run it.
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
    /// Debits of cancelled files (sent again under new references), and debits the bank
    /// reversed after reporting them paid (in no paid figure).
    public var cancelledCount = 0
    public var reversedCount = 0
    public var reversedAmount: Int64 = 0

    public static let failureClasses: [OutcomeClass] = [.insufficientFunds, .temporary, .accountInvalid, .mandateInvalid, .rejected]

    public static func load(_ connection: PostgresConnection, period: Period) throws -> CollectionReport {
        let key: [PostgresParameter] = [period.description]
        var rows: [Row] = []
        // One pass over the period's summary: the cancelled and reversed debits are summed
        // here rather than read again (the view aggregates the whole period each time).
        var operations = (cancelled: 0, reversed: 0, reversedAmount: Int64(0))
        for row in try connection.query("""
            SELECT s.bank_code, coalesce(b.name, '') AS name, s.attempt, s.submitted_count, s.submitted_amount,
                   s.paid_count, s.paid_amount, s.outstanding_count, s.cancelled_count, s.reversed_count,
                   s.reversed_amount
              FROM finance.period_summary s LEFT JOIN finance.banks b USING (bank_code)
             WHERE s.period = $1
             ORDER BY s.bank_code, s.attempt
            """, key) {
            var item = Row(bankCode: try row.string("bank_code"), bankName: try row.string("name"), attempt: try row.int("attempt"))
            item.submittedCount = try row.int("submitted_count")
            item.submittedAmount = try row.int64("submitted_amount")
            item.paidCount = try row.int("paid_count")
            item.paidAmount = try row.int64("paid_amount")
            item.outstandingCount = try row.int("outstanding_count")
            operations.cancelled += try row.int("cancelled_count")
            operations.reversed += try row.int("reversed_count")
            operations.reversedAmount += try row.int64("reversed_amount")
            for outcome in failureClasses { item.failed[outcome] = 0 }
            rows.append(item)
        }
        for row in try connection.query("""
            SELECT bank_code, attempt, outcome, count(*) AS n FROM finance.collections
             WHERE period = $1 AND status = 'failed' GROUP BY bank_code, attempt, outcome
            """, key) {
            let bank = try row.string("bank_code"), attempt = try row.int("attempt")
            guard let index = rows.firstIndex(where: { $0.bankCode == bank && $0.attempt == attempt }),
                  let outcome = OutcomeClass(rawValue: try row.string("outcome")) else { continue }
            rows[index].failed[outcome] = try row.int("n")
        }
        let outstanding = try connection.query(
            "SELECT file_name FROM finance.files_awaiting_return WHERE period = $1 ORDER BY file_name", key)
            .map { try $0.string("file_name") }
        let closed = try connection.query("SELECT 1 FROM finance.closed_periods WHERE period = $1", key).count == 1
        let double = try connection.query("""
            SELECT count(*) AS n, coalesce(sum(amount), 0) AS amount FROM finance.double_collections WHERE period = $1
            """, key)[0]
        var report = CollectionReport(period: period, rows: rows, outstandingFiles: outstanding, closed: closed)
        report.doubleCollectionCount = try double.int("n")
        report.doubleCollectionAmount = try double.int64("amount")
        report.cancelledCount = operations.cancelled
        report.reversedCount = operations.reversed
        report.reversedAmount = operations.reversedAmount
        return report
    }
}
