/// One problem found in a debit or return file: where (line, field) and what.
///
/// Messages describe the fault without repeating personal data (account numbers, NIK,
/// names), since they end up in logs and on operators' screens.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line number; nil for a problem of the whole file (e.g. empty).
    public let line: Int?
    /// The layout field name, e.g. `amount`; nil for a problem of the whole record.
    public let field: String?
    public let message: String

    public init(line: Int?, field: String?, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    /// `line 3, amount: non-digit in numeric field (68–82, 9(15))`
    public var description: String {
        switch (line, field) {
        case let (line?, field?): return "line \(line), \(field): \(message)"
        case let (line?, nil): return "line \(line): \(message)"
        case let (nil, field?): return "\(field): \(message)"
        case (nil, nil): return message
        }
    }
}
