/// One row of ``PostgresRows``. Values are PostgreSQL's text output.
public struct PostgresRow: Sendable {
    let columnIndex: [String: Int]
    let columns: [String]
    let values: ArraySlice<String?>

    /// The value of `column`; nil when it is NULL *or* there is no such column
    /// (use the throwing accessors to tell the two apart).
    public subscript(_ column: String) -> String? {
        guard let index = columnIndex[column] else { return nil }
        return self[index]
    }

    /// The value at `index`; nil when it is NULL or out of range.
    public subscript(_ index: Int) -> String? {
        guard index >= 0 && index < values.count else { return nil }
        return values[values.startIndex + index]
    }

    public func string(_ column: String) throws -> String {
        guard let value = try optionalString(column) else { throw Self.null(column) }
        return value
    }

    public func optionalString(_ column: String) throws -> String? {
        guard let index = columnIndex[column] else {
            throw PostgresError(kind: .decoding, message: "no column named \"\(column)\" (columns: \(columns.joined(separator: ", ")))")
        }
        return values[values.startIndex + index]
    }

    public func int64(_ column: String) throws -> Int64 {
        guard let value = try optionalInt64(column) else { throw Self.null(column) }
        return value
    }

    public func optionalInt64(_ column: String) throws -> Int64? {
        try optionalString(column).map { try Self.decode($0, column: column, as: "Int64", Int64.init) }
    }

    public func int(_ column: String) throws -> Int {
        try Self.decode(try string(column), column: column, as: "Int", Int.init)
    }

    /// Accepts PostgreSQL's boolean output ("t"/"f") and "true"/"false".
    public func bool(_ column: String) throws -> Bool {
        try Self.decode(try string(column), column: column, as: "Bool") { text -> Bool? in
            switch text {
            case "t", "true": true
            case "f", "false": false
            default: nil
            }
        }
    }

    private static func null(_ column: String) -> PostgresError {
        PostgresError(kind: .decoding, message: "column \"\(column)\" is NULL")
    }

    /// The offending value goes into `detail`, never `message`: it may be personal data.
    private static func decode<T>(_ text: String, column: String, as type: String, _ parse: (String) -> T?) throws -> T {
        guard let value = parse(text) else {
            throw PostgresError(kind: .decoding, message: "column \"\(column)\" is not a valid \(type)", detail: "value: \(text)")
        }
        return value
    }
}
