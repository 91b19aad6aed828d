import FixedWidth
import PostgresClient

/// `autodebet archive --period`: moves a closed period's debit instructions out of the
/// working tables, so that a month's work never slows with the years behind it.
///
/// The period's partition is detached from autodebet.debit_instruction and kept whole in
/// schema `archive` (`archive.debit_instruction_YYYY_MM`): nothing is deleted, and the
/// current periods are not touched. The period's results (autodebet.period_result) stay,
/// so lapse and reinstatement still count it. Refused (exit 4) for a period not closed,
/// one with debits awaiting their return, or one already archived, and for any role but
/// the schema's owner (the runtime role may not detach partitions).
public struct PeriodArchive {
    public struct Outcome: Sendable, Equatable {
        public var period: Period
        public var instructions = 0
        public var table = ""
    }

    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    public func run(period: Period, reason: String) throws -> Outcome {
        try connection.acquire(.period(period))
        defer { try? connection.release(.period(period)) }
        return try connection.transaction {
            try refuseUnlessArchivable(period)
            let table = try connection.query("SELECT autodebet.instruction_partition($1) AS name",
                                             [period.description])[0].string("name")
            var outcome = Outcome(period: period, table: "archive." + table)
            outcome.instructions = try connection.query(
                "SELECT count(*) AS n FROM autodebet.debit_instruction WHERE period = $1", [period.description])[0].int("n")
            if try connection.query("SELECT to_regclass($1) AS t", ["autodebet." + table])[0].optionalString("t") != nil {
                try connection.execute("""
                    ALTER TABLE autodebet.debit_instruction DETACH PARTITION autodebet.\(table);
                    ALTER TABLE autodebet.\(table) SET SCHEMA archive
                    """)
            }
            try connection.query("""
                INSERT INTO autodebet.archived_period (period, instructions, partition) VALUES ($1, $2, $3)
                """, [period.description, outcome.instructions, outcome.table])
            var details = JSONObject()
            details.add("instructions", outcome.instructions)
            details.add("table", outcome.table)
            details.add("reason", reason)
            try AuditLog.record(connection, action: "archive", subject: period.description, details: details.text)
            return outcome
        }
    }

    private func refuseUnlessArchivable(_ period: Period) throws {
        // Detaching a partition takes the table owner's rights, which the runtime role
        // (autodebet_app) does not have, on purpose: archiving stays with the owner.
        let owner = try connection.query("""
            SELECT pg_get_userbyid(relowner) AS owner, pg_has_role(current_user, relowner, 'USAGE') AS may
              FROM pg_class WHERE oid = 'autodebet.debit_instruction'::regclass
            """)[0]
        if try !owner.bool("may") {
            throw AutodebetError(.refused, """
                archive detaches a partition of autodebet.debit_instruction, which only its owner may do: run it as \
                \(try owner.string("owner")) (the role that runs autodebet migrate), not as a runtime role
                """)
        }
        let key: [PostgresParameter] = [period.description]
        if try !connection.query("SELECT 1 FROM autodebet.archived_period WHERE period = $1", key).isEmpty {
            throw AutodebetError(.refused, "period \(period) is already archived")
        }
        if try connection.query("SELECT 1 FROM autodebet.closed_period WHERE period = $1", key).isEmpty {
            throw AutodebetError(.refused, "period \(period) is not closed; close it before archiving it")
        }
        let awaiting = try connection.query("SELECT name FROM autodebet.files_awaiting_return($1) LIMIT 10", key)
        guard awaiting.isEmpty else {
            throw AutodebetError(.refused, "period \(period) has debits awaiting their bank's return; import these first:",
                                 details: try awaiting.map { try $0.string("name") })
        }
    }
}
