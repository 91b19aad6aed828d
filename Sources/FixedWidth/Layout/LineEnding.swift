/// The line terminator a layout writes. Reading accepts both, whatever the layout says.
public enum LineEnding: String, Sendable, CaseIterable {
    case lf = "LF"
    case crlf = "CRLF"

    public var bytes: [UInt8] {
        switch self {
        case .lf: return [ASCII.lineFeed]
        case .crlf: return [ASCII.carriageReturn, ASCII.lineFeed]
        }
    }
}
