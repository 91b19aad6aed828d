import CLibPQ

extension PostgresConnection {
    /// Runs `COPY … FROM STDIN` (text format) and streams the rows `body` writes.
    ///
    /// When `body` throws, the COPY is aborted (the server discards every row) and the error rethrown.
    /// - Returns: the number of rows the server copied.
    @discardableResult
    public func copyIn(_ sql: String, _ body: (CopyInWriter) throws -> Void) throws -> Int {
        let connection = try readyHandle()
        try startCopy(sql, expecting: PGRES_COPY_IN, connection)
        isCopyInProgress = true
        defer { endCopy() }

        let writer = CopyInWriter(connection: self, handle: connection)
        defer { writer.finish() }
        do {
            try body(writer)
        } catch {
            _ = abortCopyIn(connection)
            throw error
        }
        if isClosePending {
            // Ending the COPY would commit the rows: let close() drop the session instead, which aborts it.
            throw PostgresError(kind: .connection, message: "connection closed during COPY")
        }
        if writer.hasUnfinishedRow {
            _ = abortCopyIn(connection)
            throw PostgresError(kind: .copy, message: "copyIn body returned with an unfinished row: call endRow() after its fields")
        }
        writer.flush()
        if let failure = writer.failure {
            // The server may have rejected the data already: its error says why, libpq's only that sending failed.
            throw abortCopyIn(connection) ?? failure
        }
        guard PQputCopyEnd(connection, nil) == 1 else {
            let failure = libpqError(connection, kind: .copy, fallback: "PQputCopyEnd failed")
            throw drainResults(connection).error ?? failure
        }
        let outcome = drainResults(connection)
        if let error = outcome.error { throw error }
        return outcome.affectedRows
    }

    /// Runs `COPY … TO STDOUT` (text format) and calls `body` once per row as the rows arrive.
    ///
    /// When `body` throws, the query is cancelled, the rest of its output discarded, and the error rethrown.
    /// A server error during the COPY (after some rows were delivered) is thrown once the COPY ends.
    /// - Returns: the number of rows delivered to `body`.
    @discardableResult
    public func copyOut(_ sql: String, _ body: (borrowing CopyRow) throws -> Void) throws -> Int {
        let connection = try readyHandle()
        try startCopy(sql, expecting: PGRES_COPY_OUT, connection)
        isCopyInProgress = true
        defer { endCopy() }

        let parser = copyRowParser
        var rowCount = 0
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(connection, &buffer, 0)  // blocking: one whole row per call
            if length > 0, let buffer {
                defer {
                    parser.invalidateRow()
                    PQfreemem(buffer)
                }
                let row = CopyRow(bytes: UnsafeRawPointer(buffer), length: Int(length), parser: parser)
                do {
                    try body(row)
                } catch {
                    cancelCopyOut(connection)
                    throw error
                }
                rowCount += 1
                if isClosePending {
                    throw PostgresError(kind: .connection, message: "connection closed during COPY")
                }
            } else if length == -1 {
                break  // COPY finished; its outcome is in the results
            } else {
                if let buffer { PQfreemem(buffer) }
                let failure = libpqError(connection, kind: .copy, fallback: "PQgetCopyData failed")
                throw drainResults(connection).error ?? failure
            }
        }
        if let error = drainResults(connection).error { throw error }
        return rowCount
    }

    // MARK: - Internals

    /// Sends a COPY statement and checks that it entered the expected COPY direction.
    private func startCopy(_ sql: String, expecting expected: ExecStatusType, _ connection: OpaquePointer) throws {
        try Self.rejectNUL(sql, what: "SQL")
        let result = try takeResult(PQexec(connection, sql))
        let status = result.status
        if status == expected { return }
        switch status {
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            abandonCopy(status, connection)
            let wanted = expected == PGRES_COPY_IN ? "copyIn needs COPY … FROM STDIN" : "copyOut needs COPY … TO STDOUT"
            throw PostgresError(kind: .protocol, message: wanted)
        case PGRES_FATAL_ERROR, PGRES_BAD_RESPONSE, PGRES_NONFATAL_ERROR:
            throw resultError(result, connection)
        default:
            throw PostgresError(kind: .protocol, message: "statement did not start a COPY")
        }
    }

    /// Makes the server abort a COPY FROM STDIN (it answers with an error, 57014), then reads every result.
    /// Returns the first error other than that expected one.
    private func abortCopyIn(_ connection: OpaquePointer) -> PostgresError? {
        _ = PQputCopyEnd(connection, "aborted by client")
        return drainResults(connection, ignoring: "57014").error
    }

    /// Stops a COPY TO STDOUT early: cancels the query, then discards its remaining output and results.
    private func cancelCopyOut(_ connection: OpaquePointer) {
        cancelCurrentQuery(connection)
        discardCopyData(connection)
        _ = drainResults(connection)
    }

    /// Gets the connection out of a COPY that was started by a statement not meant for it.
    func abandonCopy(_ status: ExecStatusType, _ connection: OpaquePointer) {
        if status == PGRES_COPY_IN {
            _ = abortCopyIn(connection)
        } else {
            if status == PGRES_COPY_OUT { cancelCurrentQuery(connection) }
            _ = drainResults(connection)
        }
    }

    /// PQcancel asks the server, over a separate connection, to cancel the running command. It returns
    /// once the postmaster has signalled the backend, so the cancel cannot hit a later command.
    private func cancelCurrentQuery(_ connection: OpaquePointer) {
        guard let cancel = PQgetCancel(connection) else { return }
        defer { PQfreeCancel(cancel) }
        var errorBuffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &errorBuffer, Int32(errorBuffer.count))  // failure: the COPY just runs to the end
    }

    private func discardCopyData(_ connection: OpaquePointer) {
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(connection, &buffer, 0)
            if let buffer { PQfreemem(buffer) }
            if length < 0 { return }
        }
    }

    /// Reads (and clears) results until PQgetResult returns NULL, leaving the connection idle.
    /// Returns the first error, unless its SQLSTATE is `ignoring`, and the last command's row count.
    @discardableResult
    func drainResults(_ connection: OpaquePointer, ignoring ignoredState: String? = nil) -> (error: PostgresError?, affectedRows: Int) {
        var firstError: PostgresError?
        var affectedRows = 0
        while let pointer = PQgetResult(connection) {
            let result = LibPQResult(pointer, observer: observer)
            switch result.status {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                affectedRows = result.affectedRows
            case PGRES_COPY_IN:
                // PQgetResult keeps answering COPY_IN until the COPY is ended.
                if PQputCopyEnd(connection, "aborted by client") != 1 {
                    firstError = firstError ?? libpqError(connection, kind: .copy, fallback: "PQputCopyEnd failed")
                    return (firstError, affectedRows)
                }
            case PGRES_COPY_OUT:
                discardCopyData(connection)
            case PGRES_COPY_BOTH:
                // Replication only; nothing to drain sensibly.
                firstError = firstError ?? PostgresError(kind: .protocol, message: "unexpected COPY BOTH")
                return (firstError, affectedRows)
            default:
                let error = resultError(result, connection)
                if firstError == nil && (ignoredState == nil || error.sqlState != ignoredState) {
                    firstError = error
                }
            }
        }
        return (firstError, affectedRows)
    }
}
