import FixedWidth
import Logging
import PostgresClient

/// `autodebet close --period`: settles a period once its returns are in and its due date
/// has passed.
///
/// Each participant in the period (a mandate covering it that is active or suspended, or
/// any instruction for it) is **paid** when one of its instructions was paid or the
/// period is within its paid_through, and **unpaid** otherwise. Every participant's
/// status is then derived from its results: **lapsed** (nonaktif) when its three latest
/// results are unpaid, since the third of them; **active** otherwise, so a lapsed
/// participant who pays a later period is reinstated. Results are facts recomputed from
/// facts: running close again, e.g. after a late return, recomputes them.
public struct PeriodClose {
    public struct Outcome: Sendable, Equatable {
        public var period: Period
        public var participants = 0
        public var paid = 0
        public var unpaid = 0
        public var lapsed = 0
        public var reinstated = 0
        public var recomputed = false
    }

    /// Consecutive unpaid periods that lapse a participant.
    public static let lapseAfter = 3

    let connection: PostgresConnection
    let today: CalendarDate
    let logger: Logger

    public init(connection: PostgresConnection, today: CalendarDate, logger: Logger = Logger(label: "autodebet")) {
        self.connection = connection
        self.today = today
        self.logger = logger
    }

    public func run(period: Period) throws -> Outcome {
        try connection.acquire(.close(period: period.year * 100 + period.month))
        defer { try? connection.release(.close(period: period.year * 100 + period.month)) }

        let calendar = try BusinessCalendar.load(connection)
        let due = try calendar.dueDate(period: period)
        for year in calendar.yearsWithoutHolidays([period.day(15), due]) {
            logger.warning("\(BusinessCalendar.noHolidaysWarning(year: year))")
        }
        guard today > due else {
            throw AutodebetError(.refused, "period \(period) is due on \(due); close it after that date")
        }
        let outstanding = try connection.query("""
            SELECT f.name, count(*) AS n
              FROM autodebet.debit_instruction i
              JOIN autodebet.debit_file f ON (f.bank_code, f.period, f.attempt, f.sequence)
                                           = (i.bank_code, i.period, i.attempt, i.file_sequence)
             WHERE i.period = $1 AND i.status = 'submitted'
             GROUP BY f.name ORDER BY f.name
            """, [period.description])
        if !outstanding.isEmpty {
            throw AutodebetError(.refused, "period \(period) has debits awaiting their bank's return; import these first:",
                                 details: try outstanding.map { "\(try $0.string("name")): \(try $0.int("n").grouped) awaiting" })
        }

        return try connection.transaction {
            try connection.useBatchMemory()
            var outcome = Outcome(period: period)
            outcome.recomputed = try connection.query(
                "SELECT 1 FROM autodebet.closed_period WHERE period = $1", [period.description]).count == 1
            let before = try lapsedParticipants()
            try connection.query("DELETE FROM autodebet.period_result WHERE period = $1", [period.description])
            let counts = try connection.query("""
                WITH scope AS (
                    SELECT kpj FROM autodebet.mandate
                     WHERE status IN ('active', 'suspended') AND start_period <= $1
                       AND (end_period IS NULL OR $1 <= end_period)
                    UNION
                    SELECT kpj FROM autodebet.debit_instruction WHERE period = $1
                ), results AS (
                    INSERT INTO autodebet.period_result (kpj, period, result)
                    SELECT s.kpj, $1,
                           CASE WHEN autodebet.paid_elsewhere(p.paid_through, $1)
                                  OR EXISTS (SELECT FROM autodebet.debit_instruction i
                                              WHERE i.kpj = s.kpj AND i.period = $1 AND i.status = 'paid')
                                THEN 'paid' ELSE 'unpaid' END
                      FROM scope s JOIN autodebet.participant p ON p.kpj = s.kpj
                    RETURNING result
                )
                SELECT count(*) AS n, count(*) FILTER (WHERE result = 'paid') AS paid FROM results
                """, [period.description])[0]
            outcome.participants = try counts.int("n")
            outcome.paid = try counts.int("paid")
            outcome.unpaid = outcome.participants - outcome.paid
            try connection.query("""
                INSERT INTO autodebet.closed_period (period, participants, paid, unpaid) VALUES ($1, $2, $3, $4)
                ON CONFLICT (period) DO UPDATE
                   SET closed_at = now(), participants = excluded.participants, paid = excluded.paid, unpaid = excluded.unpaid
                """, [period.description, outcome.participants, outcome.paid, outcome.unpaid])
            try deriveStatuses()
            let after = try lapsedParticipants()
            outcome.lapsed = after.subtracting(before).count
            outcome.reinstated = before.subtracting(after).count
            var details = JSONObject()
            details.add("participants", outcome.participants)
            details.add("paid", outcome.paid)
            details.add("unpaid", outcome.unpaid)
            details.add("lapsed", outcome.lapsed)
            details.add("reinstated", outcome.reinstated)
            try AuditLog.record(connection, action: outcome.recomputed ? "close.recompute" : "close",
                                subject: period.description, details: details.text)
            return outcome
        }
    }

    private func lapsedParticipants() throws -> Set<String> {
        Set(try connection.query("SELECT kpj FROM autodebet.participant WHERE status = 'lapsed'").map { try $0.string("kpj") })
    }

    /// Every participant's status, streak and lapse date from its results: the unpaid
    /// streak counts the latest results back to the latest paid one; three or more lapse
    /// the participant since the period of the third.
    private func deriveStatuses() throws {
        try connection.query("""
            WITH ranked AS (
                SELECT kpj, period, result,
                       row_number() OVER (PARTITION BY kpj ORDER BY period DESC) AS rn
                  FROM autodebet.period_result
            ), streaks AS (
                SELECT kpj,
                       coalesce(min(rn) FILTER (WHERE result = 'paid') - 1, count(*)) AS streak
                  FROM ranked GROUP BY kpj
            ), derived AS (
                SELECT s.kpj, s.streak,
                       CASE WHEN s.streak >= $1 THEN 'lapsed' ELSE 'active' END AS status,
                       (SELECT r.period FROM ranked r WHERE r.kpj = s.kpj AND r.rn = s.streak - ($1 - 1)) AS since
                  FROM streaks s
            )
            UPDATE autodebet.participant p
               SET status = d.status, unpaid_streak = d.streak,
                   lapsed_since = CASE WHEN d.status = 'lapsed' THEN d.since END, updated_at = now()
              FROM derived d
             WHERE p.kpj = d.kpj
               AND (p.status, p.unpaid_streak, p.lapsed_since)
                   IS DISTINCT FROM (d.status, d.streak, CASE WHEN d.status = 'lapsed' THEN d.since END)
            """, [Self.lapseAfter])
    }
}
