import FixedWidth
import PostgresClient
import PersonalData

/// One participant as operations look them up (`autodebet participant`): status,
/// mandates with masked accounts, and each period's attempts and result.
public struct ParticipantRecord: Sendable, Equatable {
    public struct Mandate: Sendable, Equatable {
        public var reference: String
        public var status: String
        public var statusReason: String?
        public var bankCode: String
        public var bankName: String
        public var accountMasked: String
        public var sector: String
        public var income: Int64
        public var jht: Bool
        public var startPeriod: String
        public var endPeriod: String?
    }

    public struct Attempt: Sendable, Equatable {
        public var period: String
        public var attempt: Int
        public var bankCode: String
        public var amount: Int64
        public var status: String
        public var outcome: String?
        public var responseCode: String?
        public var debitedOn: String?
    }

    /// Closed periods whose attempts `participant` lists unless asked for all.
    public static let defaultRecentClosed = 6

    public var kpj: String
    public var nikMasked: String
    public var name: String
    public var status: String
    public var unpaidStreak: Int
    public var lapsedSince: String?
    public var paidThrough: String?
    public var mandates: [Mandate]
    public var attempts: [Attempt]
    /// Closed periods' results, by period.
    public var results: [String: String]
    /// The first period whose attempts are listed; nil when every period's are.
    public var attemptsFrom: String?

    /// Looks a participant up by KPJ (11 digits) or NIK (16 digits); nil when unknown.
    /// Attempts are listed for every open period and the `recentClosed` latest closed
    /// ones (every period when nil); older periods carry their result only.
    public static func find(_ connection: PostgresConnection, kpjOrNIK key: String,
                            recentClosed: Int? = defaultRecentClosed) throws -> ParticipantRecord? {
        let column: String
        switch key.count {
        case 11 where key.allSatisfy(\.isASCIIDigit): column = "kpj"
        case 16 where key.allSatisfy(\.isASCIIDigit): column = "nik"
        default: throw AutodebetError(.invalidInput, "give a KPJ (11 digits) or a NIK (16 digits)")
        }
        guard let p = try connection.query("""
            SELECT kpj, nik, name, status, unpaid_streak, lapsed_since, paid_through
              FROM autodebet.participant WHERE \(column) = $1
            """, [key]).first else { return nil }
        let kpj = try p.string("kpj")
        // Each status condition below is the predicate of a partial index by participant
        // (0001, 0008, 0010): spelled out, the planner ORs the indexes instead of a scan.
        let mandates = try connection.query("""
            SELECT m.mandate_ref, m.status, m.status_reason, m.bank_code, b.name AS bank_name,
                   finance.mask(m.account_no) AS account_masked, m.sector, m.income, m.jht,
                   m.start_period, m.end_period
              FROM autodebet.mandate m JOIN autodebet.bank b ON b.code = m.bank_code
             WHERE m.kpj = $1 AND (m.status = 'active' OR m.status <> 'active') ORDER BY m.signed_on, m.id
            """, [kpj]).map { m in
            Mandate(reference: try m.string("mandate_ref"), status: try m.string("status"),
                    statusReason: try m.optionalString("status_reason"), bankCode: try m.string("bank_code"),
                    bankName: try m.string("bank_name"), accountMasked: try m.string("account_masked"),
                    sector: try m.string("sector"), income: try m.int64("income"), jht: try m.bool("jht"),
                    startPeriod: try m.string("start_period"), endPeriod: try m.optionalString("end_period"))
        }
        let attemptsFrom = try recentClosed.flatMap {
            try connection.query("SELECT autodebet.attempts_listed_from($1) AS p", [$0])[0].optionalString("p")
        }
        // The bound is a constant to the planner (a bound parameter), so months before it
        // are pruned before their partitions are opened.
        let attempts = try connection.query("""
            SELECT period, attempt, bank_code, amount, status, outcome, response_code, debited_on::text AS debited_on
              FROM autodebet.debit_instruction
             WHERE kpj = $1 AND (status IN ('submitted', 'paid') OR status NOT IN ('submitted', 'paid'))
               AND period >= coalesce($2, period)
             ORDER BY period, attempt
            """, [kpj, attemptsFrom]).map { a in
            Attempt(period: try a.string("period"), attempt: try a.int("attempt"), bankCode: try a.string("bank_code"),
                    amount: try a.int64("amount"), status: try a.string("status"), outcome: try a.optionalString("outcome"),
                    responseCode: try a.optionalString("response_code"), debitedOn: try a.optionalString("debited_on"))
        }
        var results: [String: String] = [:]
        for r in try connection.query("SELECT period, result FROM autodebet.participant_results($1)", [kpj]) {
            results[try r.string("period")] = try r.string("result")
        }
        return ParticipantRecord(
            kpj: kpj, nikMasked: Mask.digits(try p.string("nik")), name: try p.string("name"),
            status: try p.string("status"), unpaidStreak: try p.int("unpaid_streak"),
            lapsedSince: try p.optionalString("lapsed_since"), paidThrough: try p.optionalString("paid_through"),
            mandates: mandates, attempts: attempts, results: results, attemptsFrom: attemptsFrom)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
