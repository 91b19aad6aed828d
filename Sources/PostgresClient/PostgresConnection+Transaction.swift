import CLibPQ

extension PostgresConnection {
    /// Runs `body` between BEGIN and COMMIT. When `body` throws, rolls back and rethrows its error
    /// (even if the ROLLBACK fails too: the body's error is the useful one).
    ///
    /// Throws when a transaction is already open (a nested BEGIN would let the inner COMMIT end the
    /// outer transaction), and when COMMIT turns into ROLLBACK because a statement in `body` failed
    /// and the error was caught inside `body`.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let connection = try readyHandle()
        switch PQtransactionStatus(connection) {
        case PQTRANS_IDLE:
            break
        case PQTRANS_UNKNOWN:
            throw libpqError(connection, kind: .connection, fallback: "connection is broken")
        default:
            throw PostgresError(kind: .protocol, message: "transaction() called while a transaction is already open")
        }
        try execute("BEGIN")
        let value: T
        do {
            value = try body()
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        do {
            try commit()
        } catch let error as PostgresError where error.kind == .connection {
            // The COMMIT went out and no answer came back: it may have committed.
            throw CommitOutcomeUnknown(underlying: error)
        }
        return value
    }

    private func commit() throws {
        let connection = try readyHandle()  // the body may have closed the connection
        let result = try takeResult(PQexec(connection, "COMMIT"))
        try checkCommand(result, connection)
        // PostgreSQL answers COMMIT of a failed transaction with success and the tag "ROLLBACK".
        if String(cString: PQcmdStatus(result.pointer)) == "ROLLBACK" {
            throw PostgresError(
                kind: .server,
                message: "transaction was rolled back because a statement in it failed",
                sqlState: "25P02"  // in_failed_sql_transaction
            )
        }
    }
}
