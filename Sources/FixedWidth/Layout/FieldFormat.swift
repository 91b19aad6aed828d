/// The format of one field, as written in a layout file.
public enum FieldFormat: Hashable, Sendable, CustomStringConvertible {
    /// `9(n)`: digits, right-justified, zero-filled.
    case numeric
    /// `X(n)`: left-justified, space-padded; plain text when written.
    case text
    /// A date, always 8 bytes.
    case date(DatePattern)
    /// A period (month), always 6 bytes.
    case period(PeriodPattern)
    /// `9(n)` in the layout's amount unit (rupiah or sen).
    case amount
    /// Spaces.
    case filler

    /// Parses the format names used in layout files: `9`, `X`, `YYYYMMDD`, `DDMMYYYY`,
    /// `YYYYMM`, `MMYYYY`, `amount`, `filler`.
    public init?(layoutName: String) {
        switch layoutName {
        case "9": self = .numeric
        case "X": self = .text
        case "amount": self = .amount
        case "filler": self = .filler
        default:
            if let pattern = DatePattern(rawValue: layoutName) {
                self = .date(pattern)
            } else if let pattern = PeriodPattern(rawValue: layoutName) {
                self = .period(pattern)
            } else {
                return nil
            }
        }
    }

    /// The name used in layout files.
    public var layoutName: String {
        switch self {
        case .numeric: return "9"
        case .text: return "X"
        case .amount: return "amount"
        case .filler: return "filler"
        case .date(let pattern): return pattern.rawValue
        case .period(let pattern): return pattern.rawValue
        }
    }

    public var description: String { layoutName }

    /// The fixed length of date and period fields; nil for the others.
    var fixedLength: Int? {
        switch self {
        case .date: return 8
        case .period: return 6
        default: return nil
        }
    }

    /// COBOL-style notation for messages: `9(15)`, `X(30)`, `YYYYMMDD`.
    func notation(length: Int) -> String {
        switch self {
        case .numeric, .amount: return "9(\(length))"
        case .text: return "X(\(length))"
        case .filler: return "filler(\(length))"
        case .date, .period: return layoutName
        }
    }

    static let layoutNames = ["9", "X", "YYYYMMDD", "DDMMYYYY", "YYYYMM", "MMYYYY", "amount", "filler"]
}
