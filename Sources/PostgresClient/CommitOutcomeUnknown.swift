/// The connection was lost while COMMIT was in flight: the transaction may or may not
/// have committed. Nothing that the transaction recorded may be undone on this account;
/// the next run must find out what committed.
public struct CommitOutcomeUnknown: Error, CustomStringConvertible, Sendable {
    public let underlying: PostgresError

    public init(underlying: PostgresError) {
        self.underlying = underlying
    }

    public var description: String {
        "the connection was lost while committing, so whether the work was recorded is unknown: \(underlying)"
    }
}
