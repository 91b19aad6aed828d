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
    public func run(path: String, progress: Progress? = nil, onProblem: (ImportProblem) -> Void) throws -> Outcome {
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

    static let stagingTable = """
        CREATE TEMP TABLE mandate_staging (
            line         int NOT NULL,   -- unique by construction
            mandate_ref  text COLLATE "C" NOT NULL,
            kpj          text COLLATE "C" NOT NULL,
            nik          text COLLATE "C" NOT NULL,
            name         text NOT NULL,
            sector       text NOT NULL,
            income       bigint NOT NULL,
            jht          boolean NOT NULL,
            bank_code    text COLLATE "C" NOT NULL,
            account_no   text COLLATE "C" NOT NULL,
            account_name text NOT NULL,
            signed_on    date NOT NULL,
            start_period autodebet.period NOT NULL,
            end_period   autodebet.period,
            paid_through autodebet.period,
            status       text NOT NULL
        ) ON COMMIT DROP
        """

    /// Streams the file into mandate_staging; returns the number of data rows read.
    private func stage(_ reader: inout CSVReader, banks: Set<String>, progress: Progress?,
                       onProblem: (ImportProblem) -> Void) throws -> Int {
        guard let header = try readHeader(&reader, onProblem: onProblem) else { return 0 }
        var rows = 0
        try connection.copyIn("COPY mandate_staging FROM STDIN") { writer in
            while true {
                let record: CSVRecord
                do {
                    guard let next = try reader.next() else { break }
                    record = next
                } catch let error as CSVError {
                    onProblem(ImportProblem(line: error.line, reason: error.message))
                    break   // the rest of the file cannot be read reliably
                }
                rows += 1
                if rows % 10_000 == 0 { progress?.update(rows) }
                guard record.fields.count == MandateColumn.allCases.count else {
                    onProblem(ImportProblem(line: record.line,
                        reason: "expected \(MandateColumn.allCases.count) fields, found \(record.fields.count)"))
                    continue
                }
                switch MandateRow.parse(record, columns: header, banks: banks, today: today) {
                case .invalid(let problems):
                    problems.forEach(onProblem)
                case .valid(let row):
                    writer.append(row.line)
                    writer.append(row.mandateRef)
                    writer.append(row.kpj)
                    writer.append(row.nik)
                    writer.append(row.name)
                    writer.append(row.sector)
                    writer.append(row.income)
                    writer.append(row.jht)
                    writer.append(row.bankCode)
                    writer.append(row.accountNo)
                    writer.append(row.accountName)
                    writer.append(row.signedOn.description)
                    writer.append(row.startPeriod.description)
                    writer.append(row.endPeriod?.description)
                    writer.append(row.paidThrough?.description)
                    writer.append(row.status)
                    writer.endRow()
                }
            }
        }
        return rows
    }

    /// Maps the header's column names to positions: every column must be there once, no others.
    private func readHeader(_ reader: inout CSVReader, onProblem: (ImportProblem) -> Void) throws -> [MandateColumn: Int]? {
        let record: CSVRecord
        do {
            guard let first = try reader.next() else {
                onProblem(ImportProblem(line: 1, reason: "the file is empty; expected a header row"))
                return nil
            }
            record = first
        } catch let error as CSVError {
            onProblem(ImportProblem(line: error.line, reason: error.message))
            return nil
        }
        var columns: [MandateColumn: Int] = [:]
        var ok = true
        for (index, name) in record.fields.enumerated() {
            guard let column = MandateColumn(rawValue: name.trimmingSpaces) else {
                onProblem(ImportProblem(line: record.line, column: name, reason: "unknown column in the header"))
                ok = false
                continue
            }
            if columns[column] != nil {
                onProblem(ImportProblem(line: record.line, column: name, reason: "column appears twice in the header"))
                ok = false
            }
            columns[column] = index
        }
        for column in MandateColumn.allCases where columns[column] == nil {
            onProblem(ImportProblem(line: record.line, column: column.rawValue, reason: "column missing from the header"))
            ok = false
        }
        return ok ? columns : nil
    }

    /// Rules over the whole file and the database, each problem on the line at fault.
    /// The whole-file problems to list (at most maxListedProblems), and about how many
    /// rows they concern in all (a bound for the message, not a list).
    private func setBasedProblems() throws -> (listed: [ImportProblem], total: Int) {
        // Offending keys are found by hashing (one pass over the file per rule, no sorts);
        // line details are then gathered only for those few keys.
        let rows = try connection.query("""
            WITH ref_dups AS (
                SELECT mandate_ref FROM mandate_staging GROUP BY mandate_ref HAVING count(*) > 1
            ), kpj_conflicts AS (
                SELECT kpj FROM mandate_staging GROUP BY kpj
                HAVING count(*) FILTER (WHERE status = 'active') > 1 OR min(nik) <> max(nik)
            ), nik_conflicts AS (
                SELECT nik FROM mandate_staging GROUP BY nik HAVING min(kpj) <> max(kpj)
            )
            SELECT line, col, value, reason FROM (
                SELECT line, 'mandate_ref' AS col, mandate_ref AS value,
                       'appears more than once in the file (first on line ' || first_line || ')' AS reason
                  FROM (SELECT line, mandate_ref, min(line) OVER (PARTITION BY mandate_ref) AS first_line
                          FROM mandate_staging WHERE mandate_ref IN (SELECT mandate_ref FROM ref_dups)) s
                 WHERE line <> first_line
                UNION ALL
                SELECT line, 'kpj', kpj,
                       'has another active mandate in the file (line ' || first_line || '); a participant has at most one'
                  FROM (SELECT line, kpj, min(line) OVER (PARTITION BY kpj) AS first_line
                          FROM mandate_staging
                         WHERE status = 'active' AND kpj IN (SELECT kpj FROM kpj_conflicts)) s
                 WHERE line <> first_line
                UNION ALL
                SELECT line, 'nik', nik, 'differs from the NIK given for this kpj on line ' || first_line
                  FROM (SELECT line, kpj, nik,
                               first_value(nik) OVER w AS first_nik, first_value(line) OVER w AS first_line
                          FROM mandate_staging WHERE kpj IN (SELECT kpj FROM kpj_conflicts)
                        WINDOW w AS (PARTITION BY kpj ORDER BY line)) s
                 WHERE nik <> first_nik
                UNION ALL
                SELECT line, 'nik', nik, 'is given for another kpj on line ' || first_line
                  FROM (SELECT line, kpj, nik,
                               first_value(kpj) OVER w AS first_kpj, first_value(line) OVER w AS first_line
                          FROM mandate_staging WHERE nik IN (SELECT nik FROM nik_conflicts)
                        WINDOW w AS (PARTITION BY nik ORDER BY line)) s
                 WHERE kpj <> first_kpj
                UNION ALL
                SELECT s.line, 'nik', s.nik, 'is registered to another participant'
                  FROM mandate_staging s JOIN autodebet.participant p ON p.nik = s.nik AND p.kpj <> s.kpj
                UNION ALL
                SELECT s.line, 'mandate_ref', s.mandate_ref, 'is registered for another participant (kpj)'
                  FROM mandate_staging s JOIN autodebet.mandate m ON m.mandate_ref = s.mandate_ref AND m.kpj <> s.kpj
            ) problems
            ORDER BY line, col
            LIMIT \(Self.maxListedProblems)
            """)
        let listed = try rows.map { row in
            let column = try row.string("col")
            let value = try row.string("value")
            return ImportProblem(line: try row.int("line"), column: column,
                                 value: column == "nik" ? Mask.digits(value) : value,
                                 reason: try row.string("reason"))
        }
        let total = listed.count < Self.maxListedProblems ? listed.count : try connection.query("""
            SELECT (SELECT count(*) FROM mandate_staging WHERE mandate_ref IN
                      (SELECT mandate_ref FROM mandate_staging GROUP BY mandate_ref HAVING count(*) > 1))
                 + (SELECT count(*) FROM mandate_staging WHERE kpj IN
                      (SELECT kpj FROM mandate_staging GROUP BY kpj
                        HAVING count(*) FILTER (WHERE status = 'active') > 1 OR min(nik) <> max(nik)))
                 + (SELECT count(*) FROM mandate_staging WHERE nik IN
                      (SELECT nik FROM mandate_staging GROUP BY nik HAVING min(kpj) <> max(kpj))) AS n
            """)[0].int("n")
        return (listed, max(total, listed.count))
    }

    /// Whole-file problems listed at most (each rule's offending rows can be the whole file).
    static let maxListedProblems = 1_000

    private func upsert(logger: Logger, clock: inout Stopwatch) throws -> Outcome {
        var outcome = Outcome()
        // One row per participant: its active mandate's row, else its latest. A new
        // participant's paid_through is the latest in the file; a participant who existed
        // has other mandates too, so theirs is recomputed below, after the mandates.
        // Update-then-insert rather than INSERT … ON CONFLICT: imports are serialized by
        // their lock, and plain inserts skip the per-row speculative insertion.
        try connection.execute("""
            CREATE TEMP TABLE participant_incoming ON COMMIT DROP AS
            SELECT DISTINCT ON (kpj) kpj, nik, name, max(paid_through) OVER w AS paid_through
              FROM mandate_staging
            WINDOW w AS (PARTITION BY kpj ORDER BY (status = 'active') DESC, line DESC
                         ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
             ORDER BY kpj, (status = 'active') DESC, line DESC;
            UPDATE autodebet.participant p
               SET nik = i.nik, name = i.name, updated_at = now()
              FROM participant_incoming i
             WHERE p.kpj = i.kpj AND (p.nik, p.name) IS DISTINCT FROM (i.nik, i.name);
            CREATE TEMP TABLE participant_new ON COMMIT DROP AS
            WITH inserted AS (
                INSERT INTO autodebet.participant (kpj, nik, name, paid_through)
                SELECT i.kpj, i.nik, i.name, i.paid_through
                  FROM participant_incoming i
                 WHERE NOT EXISTS (SELECT FROM autodebet.participant p WHERE p.kpj = i.kpj)
                RETURNING kpj
            )
            SELECT kpj FROM inserted
            """)
        outcome.newParticipants = try connection.query("SELECT count(*) AS n FROM participant_new")[0].int("n")
        logger.debug("mandates import: upserted participants in \(clock.lap())")
        outcome.superseded = try connection.query("""
            UPDATE autodebet.mandate m
               SET status = 'superseded', status_reason = 'superseded by mandate ' || s.mandate_ref, updated_at = now()
              FROM mandate_staging s
             WHERE s.status = 'active' AND m.kpj = s.kpj AND m.mandate_ref <> s.mandate_ref
               AND m.status IN ('active', 'suspended')
            """).affectedRows
        logger.debug("mandates import: superseded old mandates in \(clock.lap())")
        // Existing mandates: updated when anything changed. A suspended mandate (account
        // reported invalid) stays suspended until the registry sends another account.
        let keepsSuspension = """
            m.status = 'suspended' AND s.status = 'active'
            AND (m.bank_code, m.account_no) = (s.bank_code, s.account_no)
            """
        outcome.updated = try connection.query("""
            UPDATE autodebet.mandate m SET
                   sector = s.sector, income = s.income, jht = s.jht, bank_code = s.bank_code,
                   account_no = s.account_no, account_name = s.account_name, signed_on = s.signed_on,
                   start_period = s.start_period, end_period = s.end_period, paid_through = s.paid_through,
                   status = CASE WHEN \(keepsSuspension) THEN 'suspended' ELSE s.status END,
                   status_reason = CASE WHEN \(keepsSuspension) THEN m.status_reason
                                        WHEN s.status = 'revoked' THEN 'revoked in the mandates file' END,
                   updated_at = now()
              FROM mandate_staging s
             WHERE m.mandate_ref = s.mandate_ref
               AND ((m.sector, m.income, m.jht, m.bank_code, m.account_no, m.account_name, m.signed_on,
                     m.start_period, m.end_period, m.paid_through)
                    IS DISTINCT FROM
                    (s.sector, s.income, s.jht, s.bank_code, s.account_no, s.account_name, s.signed_on,
                     s.start_period, s.end_period, s.paid_through)
                    OR (m.status <> s.status AND NOT (\(keepsSuspension))))
            """).affectedRows
        outcome.inserted = try connection.query("""
            INSERT INTO autodebet.mandate
                (mandate_ref, kpj, sector, income, jht, bank_code, account_no, account_name,
                 signed_on, start_period, end_period, paid_through, status, status_reason)
            SELECT mandate_ref, kpj, sector, income, jht, bank_code, account_no, account_name,
                   signed_on, start_period, end_period, paid_through, status,
                   CASE status WHEN 'revoked' THEN 'revoked in the mandates file' END
              FROM mandate_staging s
             WHERE NOT EXISTS (SELECT FROM autodebet.mandate m WHERE m.mandate_ref = s.mandate_ref)
             ORDER BY line
            """).affectedRows
        logger.debug("mandates import: upserted mandates in \(clock.lap())")
        // Participants who existed before this file (updated or untouched by the upsert).
        try connection.query("""
            UPDATE autodebet.participant p
               SET paid_through = x.paid_through, updated_at = now()
              FROM (SELECT m.kpj, max(m.paid_through) AS paid_through
                      FROM autodebet.mandate m
                     WHERE m.kpj IN (SELECT kpj FROM mandate_staging EXCEPT SELECT kpj FROM participant_new)
                     GROUP BY m.kpj) x
             WHERE p.kpj = x.kpj AND p.paid_through IS DISTINCT FROM x.paid_through
            """)
        logger.debug("mandates import: updated paid_through in \(clock.lap())")
        return outcome
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
