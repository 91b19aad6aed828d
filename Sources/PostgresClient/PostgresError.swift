/// An error from libpq, the server, or this client.
///
/// `description` is meant to be logged: it holds only the primary message and the SQLSTATE.
/// `detail` can quote row values (personal data), so it is kept out of `description`.
/// Messages built by ``PostgresConnection`` never contain the connection password or the conninfo.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Hashable {
        /// Connecting failed, the connection was lost, or it is closed.
        case connection
        /// The server reported an error (see `sqlState`).
        case server
        /// The client was used in a way libpq or PostgreSQL does not allow (for example a COPY statement
        /// passed to `execute`, a query issued while a COPY is running, or a NUL byte in text).
        case `protocol`
        /// Sending or receiving COPY data failed, or a COPY row was left unfinished.
        case copy
        /// A result value was NULL, missing, or not in the requested format.
        case decoding
    }

    public let kind: Kind
    /// PG_DIAG_SQLSTATE, e.g. "23505".
    public let sqlState: String?
    /// PG_DIAG_MESSAGE_PRIMARY, or libpq's own message.
    public let message: String
    /// PG_DIAG_MESSAGE_DETAIL. May contain data values: not part of `description`.
    public let detail: String?
    public let hint: String?
    /// PG_DIAG_CONSTRAINT_NAME.
    public let constraint: String?

    public init(
        kind: Kind,
        message: String,
        sqlState: String? = nil,
        detail: String? = nil,
        hint: String? = nil,
        constraint: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
    }

    public var description: String {
        if let sqlState { return "\(message) (SQLSTATE \(sqlState))" }
        return message
    }
}
