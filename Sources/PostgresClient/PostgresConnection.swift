import CLibPQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A synchronous connection to PostgreSQL over libpq.
///
/// Not thread-safe: use one connection from one thread (or task) at a time.
public final class PostgresConnection {
    /// Captured by each connection when it is created; see ``LibPQLifecycleObserver``.
    @TaskLocal static var lifecycleObserver: LibPQLifecycleObserver?

    /// nil once closed.
    private var handle: OpaquePointer?
    let observer: LibPQLifecycleObserver?
    let scrubber: SecretScrubber
    private let noticeBuffer: NoticeBuffer
    /// Set while a COPY owns the connection: any other command would silently end the COPY.
    var isCopyInProgress = false
    /// close() called from a COPY body: finishing the handle then would pull it from under the COPY.
    private(set) var isClosePending = false
    /// Field offsets for COPY TO rows, reused across rows and calls.
    lazy var copyRowParser = CopyRowParser()

    /// Connects and waits until the connection is ready.
    ///
    /// - Parameters:
    ///   - conninfo: nil or "" to use libpq's environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD,
    ///     PGSSLMODE…); otherwise a `postgresql://` URL or a `key=value` string.
    ///   - applicationName: reported in pg_stat_activity, unless the conninfo sets application_name.
    /// - Throws: ``PostgresError`` of kind `.connection`; its message never contains the password or the conninfo.
    public init(conninfo: String? = nil, applicationName: String = "autodebet") throws {
        let conninfo = conninfo ?? ""
        let observer = Self.lifecycleObserver
        let scrubber = SecretScrubber(
            conninfo: conninfo,
            environmentPassword: getenv("PGPASSWORD").map { String(cString: $0) }
        )
        self.observer = observer
        self.scrubber = scrubber
        self.noticeBuffer = NoticeBuffer(scrubber: scrubber)
        try Self.rejectNUL(conninfo, what: "conninfo")
        try Self.rejectNUL(applicationName, what: "applicationName")

        if !conninfo.isEmpty {
            // Reject what libpq cannot parse before connecting, with a scrubbed message.
            var errorMessage: UnsafeMutablePointer<CChar>?
            if let options = PQconninfoParse(conninfo, &errorMessage) {
                PQconninfoFree(options)
            } else {
                let message = errorMessage.map { String(cString: $0) } ?? "out of memory"
                if let errorMessage { PQfreemem(errorMessage) }
                throw PostgresError(kind: .connection, message: "invalid connection string: " + scrubber.scrub(message.trimmed))
            }
        }

        // Processed in order, later ones winning: the conninfo (expanded from "dbname") may override
        // application_name, but client_encoding is forced because Swift strings are UTF-8.
        var parameters: [(String, String)] = [("application_name", applicationName)]
        if !conninfo.isEmpty { parameters.append(("dbname", conninfo)) }
        parameters.append(("client_encoding", "UTF8"))
        let keywords = parameters.map { strdup($0.0) }
        let values = parameters.map { strdup($0.1) }
        defer { (keywords + values).forEach { free($0) } }
        let handle = (keywords.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { keywordPointers in
            (values.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { valuePointers in
                PQconnectdbParams(keywordPointers.baseAddress, valuePointers.baseAddress, 1)
            }
        }
        guard let handle else {
            throw PostgresError(kind: .connection, message: "out of memory allocating a connection")
        }
        observer?.record { $0.connectionsOpened += 1 }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmed
            PQfinish(handle)
            observer?.record { $0.connectionsFinished += 1 }
            throw PostgresError(kind: .connection, message: scrubber.scrub(message.isEmpty ? "connection failed" : message))
        }
        self.handle = handle

        // Otherwise libpq prints every NOTICE and WARNING to stderr.
        PQsetNoticeReceiver(
            handle,
            { context, result in
                guard let context, let result else { return }
                Unmanaged<NoticeBuffer>.fromOpaque(context).takeUnretainedValue().receive(result)
            },
            Unmanaged.passUnretained(noticeBuffer).toOpaque()
        )
    }

    deinit {
        close()
    }

    /// Closes the connection (PQfinish). Safe to call more than once.
    public func close() {
        guard let handle else { return }
        if isCopyInProgress {
            isClosePending = true
            return
        }
        self.handle = nil
        PQfinish(handle)
        observer?.record { $0.connectionsFinished += 1 }
    }

    public var isClosed: Bool { handle == nil || isClosePending }

    /// Ends a COPY's ownership of the connection, performing a close() requested meanwhile.
    func endCopy() {
        isCopyInProgress = false
        if isClosePending {
            isClosePending = false
            close()
        }
    }

    /// The most recent NOTICE/WARNING messages from the server ("SEVERITY: message"), oldest first.
    /// Like `PostgresError.detail`, they may quote data values: do not log them blindly.
    public var notices: [String] { noticeBuffer.messages }

    /// Runs SQL with the simple query protocol (PQexec): several statements are allowed, parameters are not.
    /// Results are discarded.
    public func execute(_ sql: String) throws {
        let connection = try readyHandle()
        try Self.rejectNUL(sql, what: "SQL")
        let result = try takeResult(PQexec(connection, sql))
        try checkCommand(result, connection)
    }

    /// Runs one statement with the extended protocol (PQexecParams), text-format parameters and results.
    /// The whole result is copied into Swift values, so use it for small results (COPY for large ones).
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresParameter] = []) throws -> PostgresRows {
        let connection = try readyHandle()
        try Self.rejectNUL(sql, what: "SQL")
        let texts = parameters.map { $0?.postgresText }
        for (index, text) in texts.enumerated() {
            if let text { try Self.rejectNUL(text, what: "parameter $\(index + 1)") }
        }
        let pointer = withCStrings(texts) { values in
            PQexecParams(connection, sql, Int32(texts.count), nil, values, nil, nil, 0)
        }
        let result = try takeResult(pointer)
        try checkCommand(result, connection)
        return PostgresRows(result)
    }

    // MARK: - Internals shared by the extensions

    /// The open handle, or an error when closed or busy with a COPY.
    func readyHandle() throws -> OpaquePointer {
        guard let handle, !isClosePending else {
            throw PostgresError(kind: .connection, message: "connection is closed")
        }
        guard !isCopyInProgress else {
            throw PostgresError(kind: .protocol, message: "a COPY is in progress on this connection")
        }
        return handle
    }

    /// Takes ownership of a result; NULL (out of memory or lost connection) becomes libpq's error.
    func takeResult(_ pointer: OpaquePointer?) throws -> LibPQResult {
        guard let pointer else { throw libpqError(handle, kind: .connection) }
        return LibPQResult(pointer, observer: observer)
    }

    /// Throws unless the result is a completed command; leaves no COPY running.
    func checkCommand(_ result: borrowing LibPQResult, _ connection: OpaquePointer) throws {
        let status = result.status
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            abandonCopy(status, connection)
            throw PostgresError(kind: .protocol, message: "COPY statements must be run with copyIn or copyOut")
        default:
            throw resultError(result, connection)
        }
    }

    /// An error built from a failed result's diagnostic fields.
    func resultError(_ result: borrowing LibPQResult, _ connection: OpaquePointer) -> PostgresError {
        let sqlState = result.errorField(DiagnosticField.sqlState)
        var message = result.errorField(DiagnosticField.messagePrimary)?.trimmed ?? ""
        if message.isEmpty { message = String(cString: PQresultErrorMessage(result.pointer)).trimmed }
        if message.isEmpty { message = String(cString: PQerrorMessage(connection)).trimmed }
        if message.isEmpty { message = "unexpected result \(String(cString: PQresStatus(result.status)))" }
        // A write to a server that has gone (stopped, crashed) fails first: libpq reports it as
        // a result with no SQLSTATE and leaves the status OK until it next reads. Reading once
        // settles whether the connection is lost, so that a lost COMMIT is known as such.
        if sqlState == nil && PQstatus(connection) != CONNECTION_BAD { _ = PQconsumeInput(connection) }
        let kind: PostgresError.Kind =
            if sqlState != nil { .server } else if PQstatus(connection) == CONNECTION_BAD { .connection } else { .protocol }
        return PostgresError(
            kind: kind,
            message: scrubber.scrub(message),
            sqlState: sqlState,
            detail: scrubber.scrub(result.errorField(DiagnosticField.messageDetail)),
            hint: scrubber.scrub(result.errorField(DiagnosticField.messageHint)),
            constraint: result.errorField(DiagnosticField.constraintName)
        )
    }

    /// An error from PQerrorMessage (failures that produce no result).
    func libpqError(_ connection: OpaquePointer?, kind: PostgresError.Kind, fallback: String = "libpq call failed") -> PostgresError {
        var message = connection.map { String(cString: PQerrorMessage($0)).trimmed } ?? ""
        if message.isEmpty { message = fallback }
        let kind = connection.map { PQstatus($0) == CONNECTION_BAD } == true ? .connection : kind
        return PostgresError(kind: kind, message: scrubber.scrub(message))
    }

    /// libpq takes C strings, which would silently truncate at a NUL; PostgreSQL text cannot hold one anyway.
    static func rejectNUL(_ text: String, what: String) throws {
        if text.utf8.contains(0) {
            throw PostgresError(kind: .protocol, message: "\(what) contains a NUL byte, which PostgreSQL text cannot hold")
        }
    }
}

/// Calls `body` with NUL-terminated copies of `texts` (nil stays a null pointer), all in one buffer.
private func withCStrings<R>(_ texts: [String?], _ body: ([UnsafePointer<CChar>?]) throws -> R) rethrows -> R {
    var storage: [UInt8] = []
    storage.reserveCapacity(texts.reduce(0) { $0 + ($1?.utf8.count ?? 0) + 1 })
    var offsets: [Int?] = []
    offsets.reserveCapacity(texts.count)
    for text in texts {
        guard let text else {
            offsets.append(nil)
            continue
        }
        offsets.append(storage.count)
        storage.append(contentsOf: text.utf8)
        storage.append(0)
    }
    return try storage.withUnsafeBytes { bytes in
        try body(offsets.map { offset in offset.map { (bytes.baseAddress! + $0).assumingMemoryBound(to: CChar.self) } })
    }
}

extension String {
    /// Without leading and trailing whitespace (libpq messages end in a newline).
    var trimmed: String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
