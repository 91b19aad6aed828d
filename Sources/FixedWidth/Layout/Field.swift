/// One field of a record layout, as given in the layout file.
public struct Field: Hashable, Sendable, CustomStringConvertible {
    public let name: FieldName
    /// 1-based position of the first byte.
    public let start: Int
    public let length: Int
    public let format: FieldFormat
    /// The constant every record carries here (record type, originator), if any.
    public let value: String?

    /// 1-based position of the last byte (inclusive, as in the bank's tables).
    public var end: Int { start + length - 1 }

    public init(name: FieldName, start: Int, length: Int, format: FieldFormat, value: String? = nil) {
        self.name = name
        self.start = start
        self.length = length
        self.format = format
        self.value = value
    }

    /// `amount 68–82 9(15)`
    public var description: String {
        "\(name) \(start)–\(end) \(format.notation(length: length))" + (value.map { " \"\($0)\"" } ?? "")
    }
}
