import PersonalData

/// One thing wrong with an input (a bank file, a mandates or holidays CSV): where (line,
/// field), the value when it helps, and why. The one problem type of every reader.
///
/// Messages describe the fault without repeating personal data (account numbers, NIK,
/// names), since they end up in logs and on operators' screens; and whatever a problem
/// echoes from the input, its description masks every run of six or more digits by
/// content (a NIK in the wrong field is still a NIK). Amounts are written grouped
/// (`572,450`) so they stay readable; instruction references and debit file names stay whole.
public struct InputProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line number; nil for a problem of the whole input (e.g. empty).
    public let line: Int?
    /// The layout field or CSV column, e.g. `amount`; nil for a problem of the whole record.
    public let field: String?
    /// The offending value as read, when it helps to see it.
    public let value: String?
    public let message: String

    public init(line: Int?, field: String? = nil, value: String? = nil, message: String) {
        self.line = line
        self.field = field
        self.value = value
        self.message = message
    }

    /// `line 3, amount: non-digit in numeric field (68–82, 9(15))`;
    /// `line 12, income '999999': must be at least 1,000,000` (the value masked by content).
    public var description: String {
        var text = line.map { "line \($0)" } ?? ""
        if let field { text += (text.isEmpty ? "" : ", ") + Mask.keepingReferences(field) }
        if let value { text += " '\(Mask.text(value))'" }
        let masked = Mask.keepingReferences(message)
        return text.isEmpty ? masked : text + ": " + masked
    }
}
