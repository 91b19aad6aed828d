/// The bytes an identifier may contain when written as is.
enum IdentifierCharacters: CustomStringConvertible {
    /// Account numbers: leading zeros are significant, so they are written as digits.
    case digits
    /// References: plain text without spaces (`A–Z 0–9 . , ' - /`), so plaining, which
    /// every bank applies to `X` fields, could not change them.
    case plain
    /// Response codes: printable ASCII without spaces (checked against the layout anyway).
    case printable

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        switch self {
        case .digits: return ASCII.isDigit(byte)
        case .plain: return byte != ASCII.space && PlainTextWriter.keep(byte) == byte
        case .printable: return byte > ASCII.space && byte <= 0x7E
        }
    }

    var description: String {
        switch self {
        case .digits: return "digits"
        case .plain: return "A–Z 0–9 . , ' - / (no spaces, no lowercase)"
        case .printable: return "printable ASCII without spaces"
        }
    }
}
