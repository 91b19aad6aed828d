/// A value that cannot be written into its field: never truncated or guessed, always
/// refused, naming the field. Messages never repeat account numbers, NIK or KPJ (personal
/// data), only their shape.
public struct RecordEncodingError: Error, Sendable, CustomStringConvertible {
    /// The layout field name, e.g. `amount`.
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
