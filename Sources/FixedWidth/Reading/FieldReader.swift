import PersonalData
/// Reads and checks the fields of one record, reporting each bad field.
///
/// Every field is checked by its format (digits in `9`, a real date, printable ASCII in
/// `X`, spaces in a filler, the exact constant), whether or not its value is used.
/// Public only as a token handed to the file kinds' decoding.
public struct FieldReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let record: CompiledRecord
    let line: Int
    let perRupiah: Int64
    let reporter: ErrorReporter
    /// Whether any field of this record was bad.
    private(set) var failed = false

    init(bytes: UnsafeBufferPointer<UInt8>, record: CompiledRecord, line: Int, perRupiah: Int64, reporter: ErrorReporter) {
        self.bytes = bytes
        self.record = record
        self.line = line
        self.perRupiah = perRupiah
        self.reporter = reporter
    }

    /// The field's value, or nil (after reporting) when it is bad. Constants and fillers
    /// are only checked and give `.checked`.
    mutating func read(_ field: CompiledField) -> FieldValue? {
        let raw = UnsafeBufferPointer(rebasing: bytes[field.range])
        if field.isConstant {
            let constant = record.constant(field)
            guard raw.elementsEqual(constant) else {
                return fail(field, "expected '\(String(decoding: constant, as: UTF8.self))', found \(Self.show(raw))")
            }
            return FieldValue.checked
        }
        switch field.format {
        case .filler:
            guard raw.allSatisfy({ $0 == ASCII.space }) else { return fail(field, "filler must be spaces (\(position(field)))") }
            return FieldValue.checked
        case .numeric:
            guard ASCII.isAllDigits(raw) else { return fail(field, "non-digit in numeric field (\(position(field)))") }
            if field.name.valueKind == .integer {
                return .integer(Self.integer(raw))
            }
            return .text(String(decoding: raw, as: UTF8.self))
        case .amount:
            guard ASCII.isAllDigits(raw) else { return fail(field, "non-digit in amount field (\(position(field)))") }
            let units = Self.integer(raw)
            guard units % perRupiah == 0 else {
                return fail(field, "amount \(units.groupedDigits) sen is not a whole number of rupiah")
            }
            return .integer(units / perRupiah)
        case .date(let pattern):
            guard let date = Self.date(raw, pattern) else {
                return fail(field, "invalid date \(Self.show(raw)), expected \(pattern.rawValue)")
            }
            return .date(date)
        case .period(let pattern):
            guard let period = Self.period(raw, pattern) else {
                return fail(field, "invalid period \(Self.show(raw)), expected \(pattern.rawValue)")
            }
            return .period(period)
        case .text:
            guard ASCII.isAllPrintable(raw) else {
                return fail(field, "non-printable or non-ASCII byte in text field (\(position(field)))")
            }
            var end = raw.count
            while end > 0 && raw[end - 1] == ASCII.space { end -= 1 }
            return .text(String(decoding: UnsafeBufferPointer(rebasing: raw[0..<end]), as: UTF8.self))
        }
    }

    /// Reads every field of the record, keeping the readable values (headers and
    /// trailers: one of each a file).
    mutating func values() -> RecordValues {
        var values: [FieldName: FieldValue] = [:]
        for field in record.fields {
            if let value = read(field) { values[field.name] = value }
        }
        return RecordValues(values)
    }

    mutating func integer(_ field: CompiledField) -> Int64? { read(field)?.integer }

    mutating func text(_ field: CompiledField) -> String? { read(field)?.text }

    /// A text that must not be blank (references, account numbers).
    mutating func identifier(_ field: CompiledField, digitsOnly: Bool = false) -> String? {
        guard let value = text(field) else { return nil }
        guard !value.isEmpty else { return fail(field, "is blank") }
        if digitsOnly && !ASCII.isAllDigits(value.utf8) {
            return fail(field, "must be digits (\(position(field)))")
        }
        return value
    }

    mutating func date(_ field: CompiledField) -> CalendarDate? { read(field)?.date }

    /// Reports a bad field; the record will not be delivered.
    mutating func report(_ field: CompiledField, _ message: String) {
        failed = true
        reporter.report(line: line, field: field, message)
    }

    private mutating func fail<T>(_ field: CompiledField, _ message: String) -> T? {
        report(field, message)
        return nil
    }

    private func position(_ field: CompiledField) -> String {
        "\(field.offset + 1)–\(field.offset + field.length), \(field.notation)"
    }

    // MARK: Parsing

    /// At most 18 digits (the layout check guarantees it), so no overflow.
    static func integer(_ digits: UnsafeBufferPointer<UInt8>) -> Int64 {
        var value: Int64 = 0
        for byte in digits { value = value &* 10 &+ Int64(byte &- ASCII.zero) }
        return value
    }

    static func date(_ raw: UnsafeBufferPointer<UInt8>, _ pattern: DatePattern) -> CalendarDate? {
        guard raw.count == 8, ASCII.isAllDigits(raw) else { return nil }
        let slice = ArraySlice(raw)
        switch pattern {
        case .yyyymmdd:
            guard let year = CivilCalendar.digits(slice, 0, 4), let month = CivilCalendar.digits(slice, 4, 2),
                  let day = CivilCalendar.digits(slice, 6, 2) else { return nil }
            return CalendarDate(year: year, month: month, day: day)
        case .ddmmyyyy:
            guard let day = CivilCalendar.digits(slice, 0, 2), let month = CivilCalendar.digits(slice, 2, 2),
                  let year = CivilCalendar.digits(slice, 4, 4) else { return nil }
            return CalendarDate(year: year, month: month, day: day)
        }
    }

    static func period(_ raw: UnsafeBufferPointer<UInt8>, _ pattern: PeriodPattern) -> Period? {
        guard raw.count == 6, ASCII.isAllDigits(raw) else { return nil }
        let slice = ArraySlice(raw)
        switch pattern {
        case .yyyymm:
            guard let year = CivilCalendar.digits(slice, 0, 4), let month = CivilCalendar.digits(slice, 4, 2) else { return nil }
            return Period(year: year, month: month)
        case .mmyyyy:
            guard let month = CivilCalendar.digits(slice, 0, 2), let year = CivilCalendar.digits(slice, 2, 4) else { return nil }
            return Period(year: year, month: month)
        }
    }

    /// A field's bytes for a message: quoted when printable, hex otherwise (binary junk).
    static func show<C: Collection>(_ raw: C) -> String where C.Element == UInt8 {
        if ASCII.isAllPrintable(raw) { return "'\(String(decoding: Array(raw), as: UTF8.self))'" }
        return "0x" + raw.prefix(16).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + hex : hex
        }.joined() + (raw.count > 16 ? "…" : "")
    }
}
