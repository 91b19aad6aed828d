/// Writes values into the fields of one record inside an output buffer.
///
/// The record's bytes are already there (copied from the record's template: constants
/// and spaces), so each method only overwrites its field. Nothing here allocates on the
/// success path; the buffer pointer is valid for the duration of one record.
/// Public only as a token handed to the file kinds' encoding.
public struct FieldWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    /// Offset of the record's first byte in `buffer`.
    let base: Int
    /// The record written, for messages.
    let record: RecordKind

    // MARK: Numbers

    /// `9(n)`: right-justified, zero-filled; a negative or too-wide value is refused.
    @inline(__always)
    func integer(_ value: Int, _ field: CompiledField) throws {
        guard value >= 0 else { throw negative(value, field) }
        guard digits(UInt64(value), field) else { throw tooWide(String(value), field) }
    }

    /// An amount in whole rupiah, written in the layout's unit.
    @inline(__always)
    func amount(_ rupiah: Int64, _ field: CompiledField, perRupiah: Int64) throws {
        guard rupiah >= 0 else { throw negative(Int(rupiah), field) }
        let (units, overflow) = rupiah.multipliedReportingOverflow(by: perRupiah)
        guard !overflow, digits(UInt64(units), field) else {
            throw tooWide(perRupiah == 1 ? "\(rupiah)" : "\(rupiah) rupiah (\(field.length) digits in sen)", field)
        }
    }

    /// Writes `value` right-justified and zero-filled; false if it needs more digits.
    @inline(__always)
    func digits(_ value: UInt64, _ field: CompiledField) -> Bool {
        var remaining = value
        var index = base + field.offset + field.length - 1
        let first = base + field.offset
        while index >= first {
            buffer[index] = ASCII.zero &+ UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
            index -= 1
        }
        return remaining == 0
    }

    // MARK: Dates

    @inline(__always)
    func date(_ date: CalendarDate, _ field: CompiledField) throws {
        guard (1...9999).contains(date.year) else {
            throw RecordEncodingError(field: field.name.rawValue, message: "year \(date.year) does not fit a 4-digit year")
        }
        let start = base + field.offset
        switch field.format {
        case .date(.ddmmyyyy):
            put(date.day, at: start, width: 2)
            put(date.month, at: start + 2, width: 2)
            put(date.year, at: start + 4, width: 4)
        default:
            put(date.year, at: start, width: 4)
            put(date.month, at: start + 4, width: 2)
            put(date.day, at: start + 6, width: 2)
        }
    }

    @inline(__always)
    func period(_ period: Period, _ field: CompiledField) throws {
        guard (1...9999).contains(period.year) else {
            throw RecordEncodingError(field: field.name.rawValue, message: "year \(period.year) does not fit a 4-digit year")
        }
        let start = base + field.offset
        switch field.format {
        case .period(.mmyyyy):
            put(period.month, at: start, width: 2)
            put(period.year, at: start + 2, width: 4)
        default:
            put(period.year, at: start, width: 4)
            put(period.month, at: start + 4, width: 2)
        }
    }

    @inline(__always)
    private func put(_ value: Int, at start: Int, width: Int) {
        var remaining = value
        var index = start + width - 1
        while index >= start {
            buffer[index] = ASCII.zero &+ UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
            index -= 1
        }
    }

    // MARK: Text

    /// Free text (names, remarks): plained and cut to the field.
    @inline(__always)
    func plain(_ text: String, _ field: CompiledField) {
        PlainText.write(text, into: buffer, at: base + field.offset, width: field.length)
    }

    /// Digits kept as text (bank code, KPJ, NIK): right-justified and zero-filled in a
    /// `9` field, left-justified in an `X` field; never cut.
    @inline(__always)
    func digitString(_ text: String, _ field: CompiledField) throws {
        try text.withUTF8Bytes { bytes in
            guard !bytes.isEmpty, ASCII.isAllDigits(bytes) else {
                throw RecordEncodingError(field: field.name.rawValue, message: "must be digits (\(bytes.count) characters given)")
            }
            guard bytes.count <= field.length else {
                throw RecordEncodingError(
                    field: field.name.rawValue, message: "\(bytes.count) digits do not fit \(field.notation)")
            }
            let start = base + field.offset
            if field.format == .numeric {
                let padding = field.length - bytes.count
                for index in 0..<padding { buffer[start + index] = ASCII.zero }
                copy(bytes, to: start + padding)
            } else {
                copy(bytes, to: start)
            }
        }
    }

    /// Identifiers (references, account numbers, response codes): written as is,
    /// left-justified, never cut or altered — a changed reference could not be matched
    /// with its return. `allowed` says which bytes may appear.
    @inline(__always)
    func identifier(_ text: String, _ field: CompiledField, allowed: IdentifierCharacters) throws {
        try text.withUTF8Bytes { bytes in
            guard !bytes.isEmpty else {
                throw RecordEncodingError(field: field.name.rawValue, message: "is empty")
            }
            guard bytes.count <= field.length else {
                throw RecordEncodingError(
                    field: field.name.rawValue, message: "\(bytes.count) characters do not fit \(field.notation)")
            }
            guard bytes.allSatisfy(allowed.contains) else {
                throw RecordEncodingError(field: field.name.rawValue, message: "may contain only \(allowed)")
            }
            copy(bytes, to: base + field.offset)
        }
    }

    @inline(__always)
    private func copy(_ bytes: UnsafeBufferPointer<UInt8>, to start: Int) {
        for index in 0..<bytes.count { buffer[start + index] = bytes[index] }
    }

    // MARK: Errors

    /// A value only some layouts carry, given none although this layout has the field.
    func required<Value>(_ value: Value?, _ field: CompiledField) throws -> Value {
        guard let value else {
            throw RecordEncodingError(field: field.name.rawValue, message: "layout needs a value, none given")
        }
        return value
    }

    /// A field the record has no value for. The layout checker allows no such field, so
    /// this is unreachable with a checked layout; kept as an error rather than a crash.
    func noValue(_ field: CompiledField) -> RecordEncodingError {
        RecordEncodingError(field: field.name.rawValue, message: "no value for this field in a \(record)")
    }

    private func negative(_ value: Int, _ field: CompiledField) -> RecordEncodingError {
        RecordEncodingError(field: field.name.rawValue, message: "negative value \(value) cannot be written in \(field.notation)")
    }

    private func tooWide(_ value: String, _ field: CompiledField) -> RecordEncodingError {
        RecordEncodingError(field: field.name.rawValue, message: "value \(value) does not fit \(field.notation)")
    }
}
