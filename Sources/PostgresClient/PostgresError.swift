import PersonalData

/// An error from libpq, the server, or this client.
///
/// `description` is safe to print and log by construction: the SQLSTATE, the constraint
/// and the server's primary message only for the classes whose messages name objects
/// rather than values (a data exception such as 22P02 quotes the offending value, so it
/// gets a generic text). `debugDescription` has everything, including the detail that can
/// quote row values, with every long run of digits masked; it is printed only at trace
/// level. Messages built by ``PostgresConnection`` never contain the password or the conninfo.
public struct PostgresError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
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

    /// The connection is gone: lost by libpq, or the server ended the session (class 08,
    /// connection exception; 57P01-57P03, the server shutting down or restarting).
    public var isConnectionLoss: Bool {
        kind == .connection || sqlState.map { $0.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains($0) } == true
    }

    public var description: String {
        guard kind == .server, let sqlState else { return kind == .server ? "server error" : message }
        var text = Self.quotesOnlyNames(sqlState) ? message : Self.genericText(sqlState)
        if let constraint { text += " (constraint \(constraint))" }
        return text + " (SQLSTATE \(sqlState))"
    }

    public var debugDescription: String {
        var parts = [message]
        if let sqlState { parts.append("SQLSTATE \(sqlState)") }
        if let constraint { parts.append("constraint \(constraint)") }
        if let detail { parts.append("detail: \(detail)") }
        if let hint { parts.append("hint: \(hint)") }
        return Mask.text(parts.joined(separator: "; "))
    }

    /// Classes whose primary messages name objects (tables, columns, constraints, roles)
    /// or states, never row values: connection, feature, transaction state and rollback,
    /// syntax or access, resources, operator intervention, and our own RAISE (P0).
    static func quotesOnlyNames(_ sqlState: String) -> Bool {
        ["08", "0A", "25", "40", "42", "53", "54", "55", "57", "P0"].contains(String(sqlState.prefix(2)))
    }

    static func genericText(_ sqlState: String) -> String {
        switch sqlState.prefix(2) {
        case "22": "a value was not valid for its column or type"
        case "23":
            switch sqlState {
            case "23505": "a unique rule was violated"
            case "23502": "a required value was missing"
            case "23503": "a reference rule was violated"
            case "23514": "a check rule was violated"
            default: "an integrity rule was violated"
            }
        case "XX": "internal server error"
        default: "the server refused the statement"
        }
    }
}
