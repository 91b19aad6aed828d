/// One thing wrong with an input file: where (line, column), the value (masked when it
/// is personal data), and why.
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
        if let column { text += ", \(column)" }
        if let value { text += " '\(value)'" }
        return text + ": " + reason
    }
}
