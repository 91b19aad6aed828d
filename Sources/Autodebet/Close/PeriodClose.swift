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
        /// Of the paid: "participants paid" (by a debit, any attempt) and those who paid
        /// through other channels, as finance.period_collection counts them.
        public var paidByDebit = 0
        public var paidElsewhere = 0
        public var unpaid = 0
        public var lapsed = 0
        public var reinstated = 0
        public var recomputed = false
    }

    let connection: PostgresConnection
    let today: CalendarDate
    let logger: Logger
    let environment: [String: String]

    public init(connection: PostgresConnection, today: CalendarDate, logger: Logger = Logger(label: "autodebet"),
                environment: [String: String] = [:]) {
        self.connection = connection
        self.today = today
        self.logger = logger
        self.environment = environment
    }

    public func run(period: Period) throws -> Outcome {
        try connection.acquire(.period(period))
        defer { try? connection.release(.period(period)) }
        try refuseBeforeDueDate(period)
        return try connection.transaction {
            try connection.useBatchMemory()
            // Statuses are derived across periods: closes of different periods wait for
            // each other here, so each derives from every other's committed results.
            try connection.waitForTransactionLock(.participantStatuses)
            try refuseWhileAwaitingReturns(period)
            var outcome = Outcome(period: period)
            outcome.recomputed = try connection.query(
                "SELECT 1 FROM autodebet.closed_period WHERE period = $1", [period.description]).count == 1
            let counts = try connection.query(
                "SELECT participant_count, paid_count FROM autodebet.record_period_results($1)", [period.description])[0]
            outcome.participants = try counts.int("participant_count")
            outcome.paid = try counts.int("paid_count")
            outcome.unpaid = outcome.participants - outcome.paid
            try connection.query("""
                INSERT INTO autodebet.closed_period (period, participants, paid, unpaid) VALUES ($1, $2, $3, $4)
                ON CONFLICT (period) DO UPDATE
                   SET closed_at = now(), participants = excluded.participants, paid = excluded.paid, unpaid = excluded.unpaid
                """, [period.description, outcome.participants, outcome.paid, outcome.unpaid])
            let split = try connection.query("""
                SELECT coalesce(sum(participants_paid), 0) AS by_debit, coalesce(sum(paid_elsewhere), 0) AS elsewhere
                  FROM finance.period_collection WHERE period = $1
                """, [period.description])[0]
            outcome.paidByDebit = try split.int("by_debit")
            outcome.paidElsewhere = try split.int("elsewhere")
            let changes = try connection.query(
                "SELECT lapsed_count, reinstated_count FROM autodebet.derive_participant_statuses($1)", [period.description])[0]
            outcome.lapsed = try changes.int("lapsed_count")
            outcome.reinstated = try changes.int("reinstated_count")
            try audit(outcome)
            Failpoint.hit("close.before-commit", environment: environment)
            return outcome
        }
    }

    private func refuseBeforeDueDate(_ period: Period) throws {
        let calendar = try BusinessCalendar.load(connection)
        let due = try calendar.dueDate(period: period)
        for year in calendar.yearsWithoutHolidays([period.day(15), due]) {
            logger.warning("\(BusinessCalendar.noHolidaysWarning(year: year))")
        }
        guard today > due else {
            throw AutodebetError(.refused, "period \(period) is due on \(due); close it after that date")
        }
    }

    /// Inside the transaction, under the period's lock: no attempt can be half-recorded.
    private func refuseWhileAwaitingReturns(_ period: Period) throws {
        let awaiting = try connection.query(
            "SELECT name, awaiting FROM autodebet.files_awaiting_return($1) LIMIT 100", [period.description])
        guard awaiting.isEmpty else {
            throw AutodebetError(.refused, "period \(period) has debits awaiting their bank's return; import these first:",
                                 details: try awaiting.map { "\(try $0.string("name")): \(try $0.int("awaiting").grouped) awaiting" })
        }
        // A cancelled file's debits go out again before the period is settled.
        let replacing = try connection.query(
            "SELECT bank_code, attempt, debits FROM autodebet.replacements_due($1)", [period.description])
        guard replacing.isEmpty else {
            throw AutodebetError(.refused, """
                period \(period) has debits of cancelled files still to be sent again; run \
                `autodebet generate --period \(period)` and import their returns first:
                """, details: try replacing.map {
                    "bank \(try $0.string("bank_code")) attempt \(try $0.int("attempt")): \(try $0.int("debits").counted("debit"))"
                })
        }
    }

    private func audit(_ outcome: Outcome) throws {
        var details = JSONObject()
        details.add("participants", outcome.participants)
        details.add("paid", outcome.paid)
        details.add("paid_by_debit", outcome.paidByDebit)
        details.add("paid_elsewhere", outcome.paidElsewhere)
        details.add("unpaid", outcome.unpaid)
        details.add("lapsed", outcome.lapsed)
        details.add("reinstated", outcome.reinstated)
        try AuditLog.record(connection, action: outcome.recomputed ? "close.recompute" : "close",
                            subject: outcome.period.description, details: details.text)
    }
}
