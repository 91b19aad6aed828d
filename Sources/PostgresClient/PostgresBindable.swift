/// A value that can be sent as a text-format query parameter.
public protocol PostgresBindable {
    /// The value in PostgreSQL's text input format.
    var postgresText: String { get }
}

/// A query parameter; `nil` is SQL NULL.
public typealias PostgresParameter = (any PostgresBindable)?

extension String: PostgresBindable {
    public var postgresText: String { self }
}

extension Substring: PostgresBindable {
    public var postgresText: String { String(self) }
}

extension Int: PostgresBindable {
    public var postgresText: String { String(self) }
}

extension Int32: PostgresBindable {
    public var postgresText: String { String(self) }
}

extension Int64: PostgresBindable {
    public var postgresText: String { String(self) }
}

extension Bool: PostgresBindable {
    public var postgresText: String { self ? "true" : "false" }
}
