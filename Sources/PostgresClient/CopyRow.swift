/// One row of ``PostgresConnection/copyOut(_:_:)``, split into fields without copying.
///
/// Valid only inside the copyOut body: it points into libpq's buffer for this row, which is freed
/// afterwards (a row kept past its body traps on use). Fields are unescaped only when read, and only
/// when they contain a backslash.
public struct CopyRow {
    private let bytes: UnsafeRawPointer
    private let fields: UnsafePointer<CopyRowParser.Field>
    public let count: Int
    private let parser: CopyRowParser
    private let generation: Int

    init(bytes: UnsafeRawPointer, length: Int, parser: CopyRowParser) {
        self.bytes = bytes
        self.count = parser.parse(bytes, count: length)
        self.fields = UnsafePointer(parser.fields)
        self.parser = parser
        self.generation = parser.generation
    }

    @inline(__always)
    private func field(_ index: Int) -> CopyRowParser.Field {
        precondition(generation == parser.generation, "CopyRow used outside its copyOut body")
        precondition(index >= 0 && index < count, "CopyRow field index \(index) out of range 0..<\(count)")
        return fields[index]
    }

    @inline(__always)
    private func isNull(_ field: CopyRowParser.Field) -> Bool {
        field.isEscaped && field.end - field.start == 2
            && bytes.load(fromByteOffset: field.start, as: UInt8.self) == UInt8(ascii: "\\")
            && bytes.load(fromByteOffset: field.start + 1, as: UInt8.self) == UInt8(ascii: "N")
    }

    @inline(__always)
    private func raw(_ field: CopyRowParser.Field) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bytes + field.start, count: field.end - field.start)
    }

    /// True when the field is SQL NULL (`\N`).
    public func isNull(_ index: Int) -> Bool {
        isNull(field(index))
    }

    /// The field as a string; nil for NULL. Invalid UTF-8 is repaired with U+FFFD.
    public func string(_ index: Int) -> String? {
        let field = field(index)
        if isNull(field) { return nil }
        let source = raw(field)
        guard field.isEscaped else { return String(decoding: source, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: source.count) { destination in
            CopyRowParser.unescape(source, into: UnsafeMutableRawBufferPointer(destination))
        }
    }

    /// The field as a decimal integer; nil for NULL and also for anything that is not a valid Int64
    /// (empty, non-digits, overflow): use ``isNull(_:)`` to tell the two apart.
    public func int64(_ index: Int) -> Int64? {
        let field = field(index)
        if field.isEscaped { return nil }  // NULL, or not a number
        let source = raw(field)
        var position = 0
        var isNegative = false
        if position < source.count && (source[position] == UInt8(ascii: "-") || source[position] == UInt8(ascii: "+")) {
            isNegative = source[position] == UInt8(ascii: "-")
            position += 1
        }
        guard position < source.count else { return nil }
        // Accumulate negatively so Int64.min parses without overflow.
        var value: Int64 = 0
        while position < source.count {
            let digit = source[position] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.subtractingReportingOverflow(Int64(digit))
            if overflow1 || overflow2 { return nil }
            value = next
            position += 1
        }
        if isNegative { return value }
        return value == .min ? nil : -value
    }

    /// Calls `body` with the field's unescaped bytes (no copy unless it contains escapes); nil for NULL.
    /// The bytes are valid only during `body`.
    public func withBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R? {
        let field = field(index)
        if isNull(field) { return nil }
        let source = raw(field)
        guard field.isEscaped else { return try body(source) }
        // Stack memory for typical sizes, and reentrant (unlike a shared scratch buffer).
        return try withUnsafeTemporaryAllocation(byteCount: source.count, alignment: 1) { destination in
            let length = CopyRowParser.unescape(source, into: destination)
            return try body(UnsafeRawBufferPointer(rebasing: destination[..<length]))
        }
    }
}
