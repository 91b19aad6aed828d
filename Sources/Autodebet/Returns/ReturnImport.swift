import Crypto
import FixedWidth
import Logging
import PostgresClient
#if canImport(Glibc)
import Glibc
#endif

/// `autodebet returns import`: reconciles one bank return file against the instructions
/// of the debit file it answers, all or nothing.
///
/// The file is recognised by its first line, read streaming (every structural error
/// reported with its line), and its details COPYed into a staging table; the header
/// must name a debit file that was generated, and every detail must answer a submitted
/// instruction of that file, once, for its amount; every instruction of the file must
/// be answered. Any error refuses the whole file: the refusal is recorded (with the
/// file's SHA-256 and its first errors) and nothing else changes. Otherwise, in one
/// transaction, the instructions are settled (paid with the bank's processing date as
/// debited_on, or failed with their outcome), mandates reported invalid are suspended
/// or revoked, and the file is recorded as imported. The same bytes again, under any
/// name, change nothing.
public struct ReturnImport {
    public enum Outcome: Sendable, Equatable {
        case imported(ImportedReturn)
        case alreadyImported(debitFile: String, receivedAt: String)
    }

    public struct ImportedReturn: Sendable, Equatable {
        public var layout: String
        public var debitFile: String
        public var period: Period
        public var answers = 0
        public var paid = 0
        public var paidAmount: Int64 = 0
        public var failedByOutcome: [String: Int] = [:]
        public var suspended = 0
        public var revoked = 0
        public var periodClosed = false
    }

    let connection: PostgresConnection
    let layouts: LayoutCatalog
    let environment: [String: String]
    let logger: Logger

    public init(connection: PostgresConnection, layouts: LayoutCatalog, environment: [String: String], logger: Logger) {
        self.connection = connection
        self.layouts = layouts
        self.environment = environment
        self.logger = logger
    }

    /// Imports one file. Errors go to `onError` as found; a refused file throws `.invalidInput`.
    public func run(path: String, onError: @escaping (String) -> Void) throws -> Outcome {
        let (sha256, size) = try Self.sha256(of: path)
        try connection.acquire(.returnFile(sha256: sha256))
        defer { try? connection.release(.returnFile(sha256: sha256)) }
        let name = MandateImport.fileName(path)
        if let done = try connection.query("""
            SELECT debit_file, received_at::text AS received_at FROM autodebet.return_file
             WHERE sha256 = $1 AND status = 'imported'
            """, [sha256]).first {
            return .alreadyImported(debitFile: try done.string("debit_file"), receivedAt: try done.string("received_at"))
        }

        var errors = ErrorLog(onError: onError)
        let candidates = try layouts.recognize(path: path).candidates().filter { $0.kind == .returns }
        guard size > 0 else {
            errors.add(line: nil, "the file is empty: no header, answers or trailer")
            try refuse(name: name, sha256: sha256, layout: nil, header: nil, errors: errors)
        }
        guard candidates.count == 1, let layout = candidates.first?.layout else {
            let known = layouts.layouts.map { "\($0.name): \($0.recordLength) bytes" }.joined(separator: ", ")
            let fitting = candidates.map(\.layout.name).joined(separator: ", ")
            errors.add(line: 1, candidates.isEmpty
                ? "the first line is no known layout's return header (\(known))"
                : "the first line fits several layouts (\(fitting))")
            try refuse(name: name, sha256: sha256, layout: nil, header: nil, errors: errors)
        }

        var header: ReturnFileHeader?
        var debitFile: String?
        var lockedPeriod: Period?
        defer { if let lockedPeriod { try? connection.release(.period(lockedPeriod)) } }
        do {
            let imported: ImportedReturn = try connection.transaction {
                var clock = Stopwatch()
                try connection.useBatchMemory()
                try connection.execute(Self.stagingTable)
                var summary: FixedWidthFileSummary<ReturnFile>?
                try connection.copyIn("COPY return_staging FROM STDIN") { writer in
                    summary = try FixedWidthFileReader<ReturnFile>.read(path: path, layout: layout, onDetail: { detail in
                        writer.append(detail.line)
                        writer.append(detail.reference)
                        if let requested = detail.amountRequested { writer.append(requested) } else { writer.appendNull() }
                        writer.append(detail.amountDebited)
                        writer.append(detail.responseCode)
                        writer.append(detail.outcome.rawValue)
                        writer.append(detail.processingDate.description)
                        writer.endRow()
                    }, onError: { errors.add($0) })
                }
                // Temporary tables are never analyzed automatically; the joins below need the counts.
                try connection.execute("ANALYZE return_staging")
                logger.debug("returns import: read and staged \(summary?.detailCount ?? 0) answers in \(clock.lap())")
                header = summary?.header
                guard let header else { throw Refused() }
                // The period's lock, held to the end: no generate or close of this period
                // can interleave with settling its instructions.
                try connection.acquire(.period(header.period))
                lockedPeriod = header.period
                debitFile = try checkHeader(header, layout: layout, errors: &errors)
                if let debitFile {
                    try reconcile(header, debitFile: debitFile, structurallyValid: errors.count == 0, errors: &errors)
                }
                logger.debug("returns import: reconciled in \(clock.lap())")
                guard errors.count == 0, let debitFile else { throw Refused() }
                let applied = try apply(header, layout: layout, debitFile: debitFile, name: name, sha256: sha256)
                logger.debug("returns import: applied in \(clock.lap())")
                Failpoint.hit("returns.before-commit", environment: environment)
                return applied
            }
            return .imported(imported)
        } catch is Refused {
            try refuse(name: name, sha256: sha256, layout: layout, header: header, debitFile: debitFile, errors: errors)
        } catch let error as FileReadError {
            errors.add(line: nil, error.message)
            try refuse(name: name, sha256: sha256, layout: layout, header: header, debitFile: debitFile, errors: errors)
        }
    }

    private struct Refused: Error {}

    static let stagingTable = """
        CREATE TEMP TABLE return_staging (
            line             int NOT NULL,
            reference        text COLLATE "C" NOT NULL,
            amount_requested bigint,
            amount_debited   bigint NOT NULL,
            response_code    text NOT NULL,
            outcome          text NOT NULL,
            processing_date  date NOT NULL
        ) ON COMMIT DROP
        """

    /// The header must name a bank of the registry using this layout, and a debit file
    /// that was generated. Returns that file's name.
    private func checkHeader(_ header: ReturnFileHeader, layout: Layout, errors: inout ErrorLog) throws -> String? {
        guard let bank = try connection.query("SELECT layout FROM autodebet.bank WHERE code = $1", [header.bankCode]).first else {
            errors.add(line: 1, "header names bank \(header.bankCode), which is not in the bank registry")
            return nil
        }
        let bankLayout = try bank.string("layout")
        if bankLayout != layout.name {
            errors.add(line: 1, "header names bank \(header.bankCode), whose layout is \(bankLayout), but the file is in \(layout.name)")
            return nil
        }
        let name = DebitFileName(bankCode: header.bankCode, period: header.period, attempt: header.attempt,
                                 sequence: header.sequence).description
        guard try connection.query("SELECT 1 FROM autodebet.debit_file WHERE name = $1", [name]).count == 1 else {
            errors.add(line: 1, "header names debit file \(name), which was never generated")
            return nil
        }
        if let answered = try connection.query("""
            SELECT file_name FROM autodebet.return_file WHERE debit_file = $1 AND status = 'imported'
            """, [name]).first {
            errors.add(line: 1, "debit file \(name) was already answered by return file \(try answered.string("file_name"))")
            return nil
        }
        return name
    }

    /// Every detail answers a submitted instruction of the debit file, once, for its
    /// amount; every instruction of the file is answered.
    private func reconcile(_ header: ReturnFileHeader, debitFile: String, structurallyValid: Bool, errors: inout ErrorLog) throws {
        let key: [PostgresParameter] = [header.bankCode, header.period.description, header.attempt, header.sequence]
        let problems = try connection.query("""
            WITH file AS (
                SELECT * FROM autodebet.debit_instruction
                 WHERE bank_code = $1 AND period = $2 AND attempt = $3 AND file_sequence = $4
            ), answers AS (
                SELECT s.*, count(*) OVER (PARTITION BY s.reference) AS times,
                       min(s.line) OVER (PARTITION BY s.reference) AS first_line
                  FROM return_staging s
            )
            SELECT a.line, a.reference,
                   CASE
                     WHEN a.line <> a.first_line THEN 'answered twice in this file (first on line ' || a.first_line || ')'
                     WHEN f.id IS NULL AND o.id IS NULL THEN 'no such debit instruction'
                     WHEN f.id IS NULL THEN 'belongs to another debit file (bank ' || o.bank_code || ', period '
                          || o.period || ', attempt ' || o.attempt || ', file ' || o.file_sequence || ')'
                     WHEN f.status <> 'submitted' THEN 'already settled (' || f.status || ', ' || f.outcome || ')'
                     WHEN a.amount_requested IS NOT NULL AND a.amount_requested <> f.amount
                          THEN 'amount requested ' || to_char(a.amount_requested, 'FM999,999,999,999,990') || ' differs from the instruction''s ' || to_char(f.amount, 'FM999,999,999,999,990')
                     WHEN a.outcome = 'paid' AND a.amount_debited <> f.amount
                          THEN 'amount debited ' || to_char(a.amount_debited, 'FM999,999,999,999,990') || ' differs from the instruction''s ' || to_char(f.amount, 'FM999,999,999,999,990')
                   END AS problem
              FROM answers a
              LEFT JOIN file f ON f.reference = a.reference
              LEFT JOIN autodebet.debit_instruction o ON o.reference = a.reference AND f.id IS NULL
             WHERE a.line <> a.first_line OR f.id IS NULL OR f.status <> 'submitted'
                OR (a.amount_requested IS NOT NULL AND a.amount_requested <> f.amount)
                OR (a.outcome = 'paid' AND a.amount_debited <> f.amount)
             ORDER BY a.line
             LIMIT 100000
            """, key)
        for row in problems {
            errors.add(line: try row.int("line"), field: "reference",
                       "\(try row.string("reference")): \(try row.string("problem"))")
        }
        // Unanswered instructions are only meaningful when every line could be read.
        guard structurallyValid else { return }
        let unanswered = try connection.query("""
            SELECT i.reference FROM autodebet.debit_instruction i
             WHERE i.bank_code = $1 AND i.period = $2 AND i.attempt = $3 AND i.file_sequence = $4
               AND NOT EXISTS (SELECT FROM return_staging s WHERE s.reference = i.reference)
             ORDER BY i.reference
             LIMIT 100000
            """, key)
        for row in unanswered {
            errors.add(line: nil, "instruction \(try row.string("reference")) of \(debitFile) has no answer in this file")
        }
    }

    private func apply(_ header: ReturnFileHeader, layout: Layout, debitFile: String, name: String, sha256: String) throws -> ImportedReturn {
        var result = ImportedReturn(layout: layout.name, debitFile: debitFile, period: header.period)
        let id = try connection.query("""
            INSERT INTO autodebet.return_file (sha256, file_name, status, layout, bank_code, period, attempt,
                                               file_sequence, debit_file)
            VALUES ($1, $2, 'imported', $3, $4, $5, $6, $7, $8) RETURNING id
            """, [sha256, name, layout.name, header.bankCode, header.period.description, header.attempt,
                  header.sequence, debitFile])[0].int64("id")
        let settled = try connection.query("SELECT autodebet.settle_answers($1) AS settled", [id])[0].int("settled")
        for row in try connection.query("""
            SELECT outcome, count(*) AS n, coalesce(sum(amount_debited), 0) AS amount
              FROM return_staging GROUP BY outcome ORDER BY outcome
            """) {
            let outcome = try row.string("outcome"), count = try row.int("n")
            result.answers += count
            if outcome == "paid" {
                result.paid = count
                result.paidAmount = try row.int64("amount")
            } else {
                result.failedByOutcome[outcome] = count
            }
        }
        // Money path: every answer read settled exactly one awaiting instruction.
        guard settled == result.answers else {
            throw AutodebetError(.failure, """
                \(name): \(result.answers.grouped) answers read but \(settled.grouped) instructions settled; \
                nothing was applied
                """)
        }
        let verdicts = try connection.query(
            "SELECT suspended_count, revoked_count FROM autodebet.apply_bank_verdicts($1, $2)", [id, name])[0]
        result.suspended = try verdicts.int("suspended_count")
        result.revoked = try verdicts.int("revoked_count")
        try connection.query("""
            UPDATE autodebet.return_file SET detail_count = $2, paid_count = $3, paid_amount = $4, failed_count = $5
             WHERE id = $1
            """, [id, result.answers, result.paid, result.paidAmount, result.answers - result.paid])
        result.periodClosed = try connection.query(
            "SELECT 1 FROM autodebet.closed_period WHERE period = $1", [header.period.description]).count == 1
        var details = JSONObject()
        details.add("sha256", sha256)
        details.add("debit_file", debitFile)
        details.add("answers", result.answers)
        details.add("paid", result.paid)
        details.add("paid_amount", result.paidAmount)
        details.add("suspended", result.suspended)
        details.add("revoked", result.revoked)
        try AuditLog.record(connection, action: "returns.import", subject: name, details: details.text)
        return result
    }

    /// Records the refusal (outside the failed transaction) and throws `.invalidInput`.
    private func refuse(name: String, sha256: String, layout: Layout?, header: ReturnFileHeader?,
                        debitFile: String? = nil, errors: ErrorLog) throws -> Never {
        try connection.transaction {
            try connection.query("""
                INSERT INTO autodebet.return_file (sha256, file_name, status, layout, bank_code, period, attempt,
                                                   file_sequence, debit_file, error_count, errors)
                VALUES ($1, $2, 'rejected', $3, $4, $5, $6, $7, $8, $9, string_to_array($10, E'\\n'))
                """, [sha256, name, layout?.name, header?.bankCode, header?.period.description, header?.attempt,
                      header?.sequence, debitFile, errors.count, errors.kept.joined(separator: "\n")])
            var details = JSONObject()
            details.add("sha256", sha256)
            details.add("errors", errors.count)
            try AuditLog.record(connection, action: "returns.reject", subject: name, details: details.text)
        }
        throw AutodebetError(.invalidInput,
            "\(name): refused, \(errors.count.grouped) error\(errors.count == 1 ? "" : "s"); nothing was applied")
    }

    /// The file's SHA-256 in hex, and its size in bytes.
    static func sha256(of path: String) throws -> (String, Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AutodebetError(.invalidInput, "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var hasher = SHA256()
        var size = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw AutodebetError(.invalidInput, "cannot read \(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            size += n
            chunk.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return (hasher.finalize().hex, size)
    }
}

/// The errors of one file: each passed on as found, counted, and the first ones kept for
/// the record of the refusal.
struct ErrorLog {
    let onError: (String) -> Void
    private(set) var count = 0
    private(set) var kept: [String] = []

    init(onError: @escaping (String) -> Void) {
        self.onError = onError
    }

    mutating func add(_ error: FileError) {
        record(error.description)
    }

    mutating func add(line: Int?, field: String? = nil, _ message: String) {
        record(FileError(line: line, field: field, message: message).description)
    }

    private mutating func record(_ text: String) {
        count += 1
        if kept.count < 100 { kept.append(text) }
        onError(text)
    }
}
