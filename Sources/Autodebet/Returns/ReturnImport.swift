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
/// must name a debit file that was generated, every processing date must fall between
/// that file's debit date and today, and every detail must answer a submitted
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
        /// `receivedAt`: seconds since 1970 (LocalTime shows it).
        case alreadyImported(debitFile: String, receivedAt: Int64)
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

    /// Imports one file. Problems go to `onProblem` as found; a refused file throws `.invalidInput`.
    public func run(path: String, onProblem: @escaping (InputProblem) -> Void) throws -> Outcome {
        let (sha256, size) = try Self.sha256(of: path)
        try connection.acquire(.returnFile(sha256: sha256))
        defer { try? connection.release(.returnFile(sha256: sha256)) }
        if let done = try connection.query("""
            SELECT debit_file, extract(epoch FROM received_at)::bigint AS received_at FROM autodebet.return_file
             WHERE sha256 = $1 AND status = $2
            """, [sha256, ReturnFileStatus.imported.rawValue]).first {
            return .alreadyImported(debitFile: try done.string("debit_file"), receivedAt: try done.int64("received_at"))
        }
        Failpoint.hit("returns.after-hash", environment: environment)
        var attempt = Attempt(name: MandateImport.fileName(path), sha256: sha256, errors: ProblemLog(onProblem: onProblem))
        defer { if let period = attempt.lockedPeriod { try? connection.release(.period(period)) } }
        do {
            let layout = try recognize(path: path, size: size, attempt: &attempt)
            return .imported(try connection.transaction { try importInTransaction(path, layout: layout, attempt: &attempt) })
        } catch is Refused {
            try refuse(attempt)
        } catch let error as FileReadError {
            attempt.errors.add(line: nil, error.message)
            try refuse(attempt)
        }
    }

    /// What is known of the file as the import goes: for the record of a refusal.
    struct Attempt {
        let name: String
        /// The hash of the file before reading; then of exactly the bytes read and reconciled.
        var sha256: String
        var errors: ProblemLog
        var layout: Layout?
        var header: ReturnFileHeader?
        var debitFile: String?
        var lockedPeriod: Period?
    }

    /// The file's return layout, from its first line; refused when none or several fit.
    private func recognize(path: String, size: Int, attempt: inout Attempt) throws -> Layout {
        guard size > 0 else {
            attempt.errors.add(line: nil, "the file is empty: no header, answers or trailer")
            throw Refused()
        }
        let candidates = try layouts.recognize(path: path).candidates().filter { $0.kind == .returns }
        guard candidates.count == 1, let layout = candidates.first?.layout else {
            let known = layouts.layouts.map { "\($0.name): \($0.recordLength) bytes" }.joined(separator: ", ")
            let fitting = candidates.map(\.layout.name).joined(separator: ", ")
            attempt.errors.add(line: 1, candidates.isEmpty
                ? "the first line is no known layout's return header (\(known))"
                : "the first line fits several layouts (\(fitting))")
            throw Refused()
        }
        attempt.layout = layout
        return layout
    }

    private func importInTransaction(_ path: String, layout: Layout, attempt: inout Attempt) throws -> ImportedReturn {
        var clock = Stopwatch()
        try connection.useBatchMemory()
        let summary = try stage(path, layout: layout, attempt: &attempt)
        logger.debug("returns import: read and staged \(summary.detailCount.grouped) answers in \(clock.lap())")
        guard let header = summary.header else { throw Refused() }
        attempt.header = header
        // The period's lock, held to the end: no generate or close of this period can
        // interleave with settling its instructions.
        try connection.acquire(.period(header.period))
        attempt.lockedPeriod = header.period
        attempt.debitFile = try checkHeader(header, layout: layout, errors: &attempt.errors)
        if let debitFile = attempt.debitFile {
            let structurallyValid = attempt.errors.count == 0
            try checkProcessingDates(header, layout: layout, debitFile: debitFile, errors: &attempt.errors)
            try reconcile(header, debitFile: debitFile, structurallyValid: structurallyValid, errors: &attempt.errors)
        }
        logger.debug("returns import: reconciled in \(clock.lap())")
        guard attempt.errors.count == 0, let debitFile = attempt.debitFile else { throw Refused() }
        let applied = try apply(header, layout: layout, debitFile: debitFile, name: attempt.name, sha256: attempt.sha256)
        logger.debug("returns import: applied in \(clock.lap())")
        Failpoint.hit("returns.before-commit", environment: environment)
        return applied
    }

    /// Reads the file once, streaming its answers into return_staging and hashing the very
    /// bytes read: what is recorded is the hash of what was reconciled. A file that changed
    /// since it was first hashed (still being written) is refused.
    private func stage(_ path: String, layout: Layout, attempt: inout Attempt) throws -> FixedWidthFileSummary<ReturnFile> {
        try connection.execute(Self.stagingTable)
        var hasher = SHA256()
        var summary: FixedWidthFileSummary<ReturnFile>?
        var errors = attempt.errors
        defer { attempt.errors = errors }
        try connection.copyIn("COPY return_staging FROM STDIN") { writer in
            summary = try FixedWidthFileReader<ReturnFile>.read(
                path: path, layout: layout, onBytes: { hasher.update(bufferPointer: $0) },
                onDetail: { Self.stage($0, into: writer) }, onError: { errors.add($0) })
        }
        let read = hasher.finalize().hex
        if read != attempt.sha256 {
            attempt.sha256 = read
            errors.add(line: nil, "the file changed while it was being read (still being written?); import it once it is complete")
            throw Refused()
        }
        // Temporary tables are never analyzed automatically; the joins that follow need the counts.
        try connection.execute("ANALYZE return_staging")
        return summary!
    }

    private static func stage(_ detail: ReturnDetail, into writer: CopyInWriter) {
        writer.append(detail.line)
        writer.append(detail.reference)
        if let requested = detail.amountRequested { writer.append(requested) } else { writer.appendNull() }
        writer.append(detail.amountDebited)
        writer.append(detail.responseCode)
        writer.append(detail.outcome.rawValue)
        writer.append(detail.processingDate.description)
        writer.endRow()
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

}
