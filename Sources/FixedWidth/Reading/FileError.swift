import PersonalData

/// One problem found in a debit or return file: where (line, field) and what.
///
/// Messages describe the fault without repeating personal data (account numbers, NIK,
/// names), since they end up in logs and on operators' screens; and whatever a message
/// echoes from the file, its description masks every run of six or more digits by
/// content (a NIK read from the wrong field is still a NIK). Amounts are written grouped
/// (`572,450`) so they stay readable; instruction references stay whole.
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
        let masked = Mask.keepingReferences(message)
        switch (line, field) {
        case let (line?, field?): return "line \(line), \(field): \(masked)"
        case let (line?, nil): return "line \(line): \(masked)"
        case let (nil, field?): return "\(field): \(masked)"
        case (nil, nil): return masked
        }
    }
}
