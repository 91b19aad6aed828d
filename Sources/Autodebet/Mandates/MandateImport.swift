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
    }

    let connection: PostgresConnection
    let today: CalendarDate
    let logger: Logger

    public init(connection: PostgresConnection, today: CalendarDate, logger: Logger = Logger(label: "autodebet")) {
        self.connection = connection
        self.today = today
        self.logger = logger
    }

    /// Imports `path`. Every problem goes to `onProblem` as it is found (memory stays flat
    /// whatever the file); if there was any, throws `.invalidInput` and nothing changed.
    public func run(path: String, progress: ProgressCounter? = nil, onProblem: (ImportProblem) -> Void) throws -> Outcome {
        try connection.acquire(.mandatesImport)
        defer { try? connection.release(.mandatesImport) }
        let banks = Set(try Bank.all(connection).map(\.code))
        var reader = try CSVReader(path: path)
        var problemCount = 0
        var unlisted = 0
        func report(_ problem: ImportProblem) {
            problemCount += 1
            onProblem(problem)
        }

        let outcome: Outcome
        do {
            outcome = try connection.transaction {
                var clock = Stopwatch()
                try connection.useBatchMemory()
                try connection.execute(Self.stagingTable)
                let rows = try stage(&reader, banks: banks, progress: progress, onProblem: report)
                // Temporary tables are never analyzed automatically; the checks and upserts
                // below size their hash tables and sorts from these counts.
                try connection.execute("ANALYZE mandate_staging")
                logger.debug("mandates import: read and staged \(rows) rows in \(clock.lap())")
                let wholeFile = try setBasedProblems()
                for problem in wholeFile.listed { report(problem) }
                unlisted = wholeFile.total - wholeFile.listed.count
                problemCount += unlisted
                logger.debug("mandates import: checked the file as a whole in \(clock.lap())")
                // Any problem: throwing rolls back, so nothing of this file stays.
                guard problemCount == 0 else { throw ProblemsFound() }
                var outcome = try upsert(logger: logger, clock: &clock)
                outcome.rows = rows
                outcome.unchanged = rows - outcome.inserted - outcome.updated
                var details = JSONObject()
                details.add("rows", outcome.rows)
                details.add("inserted", outcome.inserted)
                details.add("updated", outcome.updated)
                details.add("unchanged", outcome.unchanged)
                details.add("superseded", outcome.superseded)
                details.add("new_participants", outcome.newParticipants)
                try AuditLog.record(connection, action: "mandates.import", subject: Self.fileName(path), details: details.text)
                return outcome
            }
        } catch is ProblemsFound {
            progress?.finish()
            let more = unlisted > 0 ? " (\(unlisted.grouped) more rows in conflict not listed)" : ""
            throw AutodebetError(.invalidInput,
                "\(path): \(problemCount.grouped) problem\(problemCount == 1 ? "" : "s")\(more); nothing was imported")
        }
        progress?.finish()
        // Fresh statistics after a bulk load, so that generation's plans fit the data.
        var clock = Stopwatch()
        try connection.execute("ANALYZE autodebet.participant, autodebet.mandate")
        logger.debug("mandates import: analyzed in \(clock.lap())")
        return outcome
    }

    private struct ProblemsFound: Error {}

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
