import PersonalData

/// One thing wrong with an input file: where (line, column), the value, and why. The
/// description masks the column and value by content, whatever the column: a NIK or an
/// account number in the wrong column, or in a header, is still personal data.
public struct ImportProblem: Error, CustomStringConvertible, Sendable, Equatable {
    public let line: Int
    public let column: String?
    public let value: String?
    public let reason: String

    public init(line: Int, column: String? = nil, value: String? = nil, reason: String) {
        self.line = line
        self.column = column
        self.value = value
        self.reason = reason
    }

    public var description: String {
        var text = "line \(line)"
        if let column { text += ", \(Mask.text(column))" }
        if let value { text += " '\(Mask.text(value))'" }
        return text + ": " + reason
    }
}
