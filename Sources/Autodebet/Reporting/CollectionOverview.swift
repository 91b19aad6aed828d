import FixedWidth
import PostgresClient

/// What the HTML report draws, read from the finance views only (finance_reader): the
/// participants' collection of the range, the collection rate by bank after each attempt,
/// money by program and lapses and reinstatements per period over the trend (up to twelve
/// periods ending with the range's last), and the debit files still awaiting a return.
public struct CollectionOverview: Sendable, Equatable {
    /// Per bank, after attempt N: participants paid by attempts 1 … N and the collection
    /// rate they make (finance.collection_rate()). A participant has at most one paid debit
    /// per period (one live instruction), so debits paid per attempt add up to participants.
    public struct AttemptRate: Sendable, Equatable {
        public var bankCode: String
        public var bankName: String
        public var attempt: Int
        public var paidSoFar: Int
        public var participantsDue: Int
        public var collectionRate: String?
    }

    public struct PeriodTrend: Sendable, Equatable {
        public var period: String
        public var jkk: Int64 = 0
        public var jkm: Int64 = 0
        public var jht: Int64 = 0
        public var lapsed = 0
        public var reinstated = 0
    }

    public struct AwaitingFile: Sendable, Equatable {
        public var fileName: String
        public var bankCode: String
        public var attempt: Int
        public var awaiting: Int
    }

    public static let trendLength = 12

    public var collection: PeriodCollection
    public var attemptRates: [AttemptRate]
    /// The same over every bank of the range (bank code and name empty): the funnel.
    public var attemptTotals: [AttemptRate] = []
    public var trend: [PeriodTrend]
    public var awaitingFiles: [AwaitingFile]

    public var trendFirst: Period {
        var period = collection.last
        for _ in 1..<Self.trendLength { period = period.previous }
        return min(period, collection.first)
    }

    public static func load(_ connection: PostgresConnection, from first: Period, to last: Period) throws -> CollectionOverview {
        let collection = try PeriodCollection.load(connection, from: first, to: last)
        let range: [PostgresParameter] = [first.description, last.description]
        let rates = try connection.query("""
            SELECT s.bank_code, coalesce(b.name, '') AS name, s.attempt, c.due,
                   sum(s.paid) OVER w AS paid_so_far,
                   finance.collection_rate((sum(s.paid) OVER w)::bigint, c.due, c.rated)::text AS collection_rate
              FROM (SELECT bank_code, attempt, sum(paid_count)::bigint AS paid FROM finance.period_summary
                     WHERE period BETWEEN $1 AND $2 GROUP BY bank_code, attempt) s
              JOIN (SELECT bank_code, sum(participants_due)::bigint AS due, count(collection_rate) AS rated
                      FROM finance.period_collection WHERE period BETWEEN $1 AND $2 GROUP BY bank_code) c USING (bank_code)
              LEFT JOIN finance.banks b USING (bank_code)
            WINDOW w AS (PARTITION BY s.bank_code ORDER BY s.attempt)
             ORDER BY s.bank_code, s.attempt
            """, range).map {
            AttemptRate(bankCode: try $0.string("bank_code"), bankName: try $0.string("name"), attempt: try $0.int("attempt"),
                        paidSoFar: try $0.int("paid_so_far"), participantsDue: try $0.int("due"),
                        collectionRate: try $0.optionalString("collection_rate"))
        }
        var overview = CollectionOverview(collection: collection, attemptRates: rates, trend: [], awaitingFiles: [])
        overview.attemptTotals = try connection.query("""
            SELECT s.attempt, c.due, sum(s.paid) OVER w AS paid_so_far,
                   finance.collection_rate((sum(s.paid) OVER w)::bigint, c.due, c.rated)::text AS collection_rate
              FROM (SELECT attempt, sum(paid_count)::bigint AS paid FROM finance.period_summary
                     WHERE period BETWEEN $1 AND $2 GROUP BY attempt) s
             CROSS JOIN (SELECT coalesce(sum(participants_due), 0)::bigint AS due, count(collection_rate) AS rated
                           FROM finance.period_collection WHERE period BETWEEN $1 AND $2) c
            WINDOW w AS (ORDER BY s.attempt)
             ORDER BY s.attempt
            """, range).map {
            AttemptRate(bankCode: "", bankName: "", attempt: try $0.int("attempt"), paidSoFar: try $0.int("paid_so_far"),
                        participantsDue: try $0.int("due"), collectionRate: try $0.optionalString("collection_rate"))
        }
        let trendRange: [PostgresParameter] = [overview.trendFirst.description, last.description]
        var trend: [String: PeriodTrend] = [:]
        var period = overview.trendFirst
        for _ in 0..<1200 where period <= last {   // at most a century of periods
            trend[period.description] = PeriodTrend(period: period.description)
            period = period.next
        }
        for row in try connection.query("""
            SELECT period, sum(jkk)::bigint AS jkk, sum(jkm)::bigint AS jkm, sum(jht)::bigint AS jht
              FROM finance.period_collection WHERE period BETWEEN $1 AND $2 GROUP BY period
            """, trendRange) {
            let key = try row.string("period")
            trend[key]?.jkk = try row.int64("jkk")
            trend[key]?.jkm = try row.int64("jkm")
            trend[key]?.jht = try row.int64("jht")
        }
        for row in try connection.query("""
            SELECT period, count(*) FILTER (WHERE to_status = 'lapsed') AS lapsed,
                   count(*) FILTER (WHERE to_status = 'active') AS reinstated
              FROM finance.status_changes WHERE period BETWEEN $1 AND $2 GROUP BY period
            """, trendRange) {
            let key = try row.string("period")
            trend[key]?.lapsed = try row.int("lapsed")
            trend[key]?.reinstated = try row.int("reinstated")
        }
        // Leading periods with nothing in them (before the first debit) would only push the
        // data to the right; the range itself is always shown.
        overview.trend = Array(trend.values.sorted { $0.period < $1.period }
            .drop { $0.period < first.description && $0.jkk + $0.jkm + $0.jht == 0 && $0.lapsed + $0.reinstated == 0 })
        overview.awaitingFiles = try connection.query("""
            SELECT file_name, bank_code, attempt, awaiting FROM finance.files_awaiting_return
             WHERE period BETWEEN $1 AND $2 ORDER BY file_name
            """, range).map {
            AwaitingFile(fileName: try $0.string("file_name"), bankCode: try $0.string("bank_code"),
                         attempt: try $0.int("attempt"), awaiting: try $0.int("awaiting"))
        }
        return overview
    }
}
