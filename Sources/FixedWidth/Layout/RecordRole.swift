/// The place of a record in a file: one header, details, one trailer.
public enum RecordRole: String, Sendable, CaseIterable, CustomStringConvertible {
    case header
    case detail
    case trailer

    public var description: String { rawValue }
}
