import FixedWidth
import Logging
import PostgresClient
import PersonalData

/// `autodebet mandates import`: loads or updates mandates from a CSV file, all or nothing.
///
/// The file streams through Swift (every field checked, problems reported as found) into
/// a temporary staging table by COPY; rules that need the whole file or the database
/// (duplicates, one active mandate per participant, NIK conflicts) are then checked set-
/// based. Any problem rolls everything back. Otherwise, in the same transaction:
/// participants are upserted, a participant's older active (or suspended) mandate is
/// superseded by a new active one, mandates are upserted by mandate_ref, and each
/// participant's paid_through becomes the latest over its mandates.
public struct MandateImport {
    public struct Outcome: Sendable, Equatable {
        public var rows = 0
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        public var superseded = 0
        public var newParticipants = 0

        /// Mandates inserted, updated or superseded.
        var changedMandates: Int { inserted + updated + superseded }
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

    /// Imports `path`. Every problem goes to `onProblem` as it is found (memory stays flat
    /// whatever the file); if there was any, throws `.invalidInput` and nothing changed.
    public func run(path: String, progress: ProgressCounter? = nil,
                    onProblem: @escaping (InputProblem) -> Void) throws -> Outcome {
        try connection.acquire(.mandatesImport)
        defer { try? connection.release(.mandatesImport) }
        let banks = Set(try Bank.all(connection).map(\.code))
        var reader = try CSVReader(path: path)
        var problems = ProblemLog(onProblem: onProblem)
        var unlisted = 0
        let outcome: Outcome
        do {
            outcome = try connection.transaction {
                var clock = Stopwatch()
                try connection.useBatchMemory()
                try connection.execute(Self.stagingTable)
                let rows = try stage(&reader, banks: banks, progress: progress) { problems.add($0) }
                // Temporary tables are never analyzed automatically; the checks and upserts
                // below size their hash tables and sorts from these counts.
                try connection.execute("ANALYZE mandate_staging")
                logger.debug("mandates import: read and staged \(rows.grouped) rows in \(clock.lap())")
                try connection.execute("SELECT autodebet.look_up_staged_mandates()")
                logger.debug("mandates import: looked up the file's rows in the registry in \(clock.lap())")
                let wholeFile = try setBasedProblems()
                wholeFile.listed.forEach { problems.add($0) }
                unlisted = wholeFile.total - wholeFile.listed.count
                problems.addUnlisted(unlisted)
                logger.debug("mandates import: checked the file as a whole in \(clock.lap())")
                // Any problem: throwing rolls back, so nothing of this file stays.
                guard problems.count == 0 else { throw ProblemsFound() }
                var outcome = try upsert(logger: logger, clock: &clock)
                outcome.rows = rows
                outcome.unchanged = rows - outcome.inserted - outcome.updated
                try audit(outcome, path: path)
                Failpoint.hit("mandates.before-commit", environment: environment)
                return outcome
            }
        } catch is ProblemsFound {
            progress?.finish()
            let more = unlisted > 0 ? " (\(unlisted.grouped) more not listed)" : ""
            throw AutodebetError(.invalidInput, "\(path): \(problems.summary)\(more); nothing was imported")
        }
        progress?.finish()
        // Fresh statistics after the tables grew or changed, so that generation's plans fit
        // the data. Not after a file that changed nothing (an empty delta leaves the tables
        // as they were, and their statistics with them), and participant's only when it
        // grew: updates change no table's size, which is what the plans depend on.
        var clock = Stopwatch()
        if outcome.newParticipants > 0 { try connection.refreshStatistics("participant") }
        if outcome.changedMandates > 0 { try connection.refreshStatistics("mandate") }
        logger.debug("mandates import: analyzed in \(clock.lap())")
        return outcome
    }

    private struct ProblemsFound: Error {}

    private func audit(_ outcome: Outcome, path: String) throws {
        var details = JSONObject()
        details.add("rows", outcome.rows)
        details.add("inserted", outcome.inserted)
        details.add("updated", outcome.updated)
        details.add("unchanged", outcome.unchanged)
        details.add("superseded", outcome.superseded)
        details.add("new_participants", outcome.newParticipants)
        try AuditLog.record(connection, action: "mandates.import", subject: Self.fileName(path), details: details.text)
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
