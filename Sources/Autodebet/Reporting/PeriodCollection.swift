import FixedWidth
import PostgresClient

/// Participants' collection per period and bank over a range of periods, with totals:
/// finance.period_collection, read as it is. The words are the view's: participants due
/// (the bank was asked to debit them), participants paid (by a debit, any attempt), the
/// collection rate (finance.collection_rate(): paid / due, nil while nothing is answered),
/// paid through other channels and unpaid (from the closed period's results).
public struct PeriodCollection: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var period: String
        public var bankCode: String
        public var bankName: String
        public var participantsDue = 0
        public var participantsPaid = 0
        /// Percent to one decimal ("85.3"), as finance.collection_rate() gives it.
        public var collectionRate: String?
        public var paidElsewhere = 0
        public var unpaid = 0
        public var jkk: Int64 = 0
        public var jkm: Int64 = 0
        public var jht: Int64 = 0
        public var total: Int64 = 0

        init(_ row: PostgresRow) throws {
            period = try row.string("period")
            bankCode = try row.string("bank_code")
            bankName = try row.string("name")
            participantsDue = try row.int("participants_due")
            participantsPaid = try row.int("participants_paid")
            collectionRate = try row.optionalString("collection_rate")
            paidElsewhere = try row.int("paid_elsewhere")
            unpaid = try row.int("unpaid")
            jkk = try row.int64("jkk")
            jkm = try row.int64("jkm")
            jht = try row.int64("jht")
            total = try row.int64("total")
        }
    }

    public var first: Period
    public var last: Period
    public var rows: [Row]
    /// Sums of the rows; the rate of the sums by the same function as every row's.
    public var totals: Row

    public static func load(_ connection: PostgresConnection, from first: Period, to last: Period) throws -> PeriodCollection {
        let range: [PostgresParameter] = [first.description, last.description]
        let rows = try connection.query("""
            SELECT c.period, c.bank_code, coalesce(b.name, '') AS name, c.participants_due, c.participants_paid,
                   c.collection_rate::text AS collection_rate, c.paid_elsewhere, c.unpaid, c.jkk, c.jkm, c.jht, c.total
              FROM finance.period_collection c LEFT JOIN finance.banks b USING (bank_code)
             WHERE c.period BETWEEN $1 AND $2
             ORDER BY c.period, c.bank_code
            """, range).map(Row.init)
        // A row has a rate exactly when something of it was answered, so count(collection_rate)
        // says whether anything in the range was.
        let totals = try Row(try connection.query("""
            SELECT '' AS period, '' AS bank_code, '' AS name,
                   coalesce(sum(participants_due), 0)::bigint AS participants_due,
                   coalesce(sum(participants_paid), 0)::bigint AS participants_paid,
                   finance.collection_rate(coalesce(sum(participants_paid), 0)::bigint,
                                           coalesce(sum(participants_due), 0)::bigint, count(collection_rate))::text AS collection_rate,
                   coalesce(sum(paid_elsewhere), 0)::bigint AS paid_elsewhere, coalesce(sum(unpaid), 0)::bigint AS unpaid,
                   coalesce(sum(jkk), 0)::bigint AS jkk, coalesce(sum(jkm), 0)::bigint AS jkm,
                   coalesce(sum(jht), 0)::bigint AS jht, coalesce(sum(total), 0)::bigint AS total
              FROM finance.period_collection WHERE period BETWEEN $1 AND $2
            """, range)[0])
        return PeriodCollection(first: first, last: last, rows: rows, totals: totals)
    }
}
