/// Splits COPY text rows into fields. Owned by the connection and reused for every row, so streaming
/// millions of rows allocates nothing here: the field table only grows when a row has more fields.
final class CopyRowParser {
    struct Field {
        var start: Int
        var end: Int
        /// Contains a backslash: needs unescaping (or is `\N`).
        var isEscaped: Bool
    }

    private(set) var fields: UnsafeMutablePointer<Field>
    private var capacity: Int
    /// Bumped after each row; a ``CopyRow`` from an earlier row traps instead of reading freed memory.
    private(set) var generation = 0

    init() {
        capacity = 16
        fields = .allocate(capacity: capacity)
    }

    deinit {
        fields.deallocate()
    }

    /// Splits one row (as returned by PQgetCopyData, ending in "\n") and returns its field count.
    func parse(_ bytes: UnsafeRawPointer, count: Int) -> Int {
        var end = count
        if end > 0 && bytes.load(fromByteOffset: end - 1, as: UInt8.self) == UInt8(ascii: "\n") { end -= 1 }
        var fieldCount = 0
        var fieldStart = 0
        var isEscaped = false
        var index = 0
        while index < end {
            let byte = bytes.load(fromByteOffset: index, as: UInt8.self)
            if byte == UInt8(ascii: "\t") {
                store(Field(start: fieldStart, end: index, isEscaped: isEscaped), at: fieldCount)
                fieldCount += 1
                fieldStart = index + 1
                isEscaped = false
            } else if byte == UInt8(ascii: "\\") {
                isEscaped = true
                index += 1  // the escaped byte is never a delimiter
            }
            index += 1
        }
        store(Field(start: fieldStart, end: end, isEscaped: isEscaped), at: fieldCount)
        return fieldCount + 1
    }

    func invalidateRow() {
        generation &+= 1
    }

    @inline(__always)
    private func store(_ field: Field, at index: Int) {
        if index == capacity { grow() }
        fields[index] = field
    }

    private func grow() {
        let larger = UnsafeMutablePointer<Field>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: fields, count: capacity)
        fields.deallocate()
        fields = larger
        capacity *= 2
    }

    /// Decodes COPY text escapes from `source` into `destination` (at least as large); returns the length.
    /// The server emits \\ \b \f \n \r \t \v; octal and \x escapes are accepted too, as COPY FROM does.
    static func unescape(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> Int {
        var read = 0
        var written = 0
        let count = source.count
        while read < count {
            var byte = source[read]
            read += 1
            if byte == UInt8(ascii: "\\") && read < count {
                let escaped = source[read]
                read += 1
                switch escaped {
                case UInt8(ascii: "b"): byte = 0x08
                case UInt8(ascii: "f"): byte = 0x0C
                case UInt8(ascii: "n"): byte = 0x0A
                case UInt8(ascii: "r"): byte = 0x0D
                case UInt8(ascii: "t"): byte = 0x09
                case UInt8(ascii: "v"): byte = 0x0B
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = escaped &- UInt8(ascii: "0")
                    var digits = 1
                    while digits < 3, read < count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(source[read]) {
                        value = value &* 8 &+ (source[read] &- UInt8(ascii: "0"))
                        read += 1
                        digits += 1
                    }
                    byte = value
                case UInt8(ascii: "x") where read < count && hexValue(source[read]) != nil:
                    var value = hexValue(source[read])!
                    read += 1
                    if read < count, let low = hexValue(source[read]) {
                        value = value &* 16 &+ low
                        read += 1
                    }
                    byte = value
                default:
                    byte = escaped  // \\ and any other escaped character stand for themselves
                }
            }
            destination[written] = byte
            written += 1
        }
        return written
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
