/// Turns a parsed layout file into a checked `Layout`, or lists every problem in it.
///
/// The check is what makes "a new bank is a data file" safe: a layout that loads can be
/// written and read by the engine without surprises (every field placed, every value
/// known, every control total present), so a mistake in the file shows up when it is
/// loaded, with its record and field named, and not as a rejected bank file later.
struct LayoutChecker {
    private(set) var problems: [String] = []

    static let topLevelKeys: Set<String> = ["name", "recordLength", "lineEnding", "amountUnit", "debit", "return", "responseCodes", "note"]
    static let fileKeys: Set<String> = ["header", "detail", "trailer", "note"]
    static let recordKeys: Set<String> = ["recordType", "fields", "note"]
    static let fieldKeys: Set<String> = ["name", "start", "end", "length", "format", "value", "note"]
    static let responseKeys: Set<String> = ["outcome", "description", "note"]

    /// The largest record length accepted; far above any bank's, low enough to bound
    /// the reader's line buffer.
    static let maximumRecordLength = 10_000
    /// Integer fields are read into `Int64`, which holds any 18-digit number.
    static let maximumIntegerDigits = 18

    mutating func check(_ root: JSONValue, source: String) -> Layout? {
        guard let top = JSONObjectReader(root, context: "layout", problems: &problems) else { return nil }
        top.rejectUnknownKeys(allowing: Self.topLevelKeys, problems: &problems)

        let name = checkName(top)
        let recordLength = checkRecordLength(top)
        let lineEnding = checkEnum(top, key: "lineEnding", LineEnding.self)
        let amountUnit = checkEnum(top, key: "amountUnit", AmountUnit.self)

        let debit = checkFile(top.members["debit"], kind: .debit, recordLength: recordLength)
        let returns = checkFile(top.members["return"], kind: .returns, recordLength: recordLength)

        let codeLength = returns?.detail.field(.responseCode)?.length
        let responseCodes = checkResponseCodes(top.members["responseCodes"], codeLength: codeLength)

        guard problems.isEmpty, let name, let recordLength, let lineEnding, let amountUnit,
              let debit, let returns, let responseCodes
        else { return nil }
        return Layout(
            name: name, source: source, recordLength: recordLength, lineEnding: lineEnding, amountUnit: amountUnit,
            debit: debit, returns: returns, responseCodes: responseCodes)
    }

    // MARK: - Top level

    private mutating func checkName(_ top: JSONObjectReader) -> String? {
        guard let name = top.string("name", problems: &problems) else { return nil }
        let allowed = name.utf8.allSatisfy { byte in
            (0x61...0x7A).contains(byte) || ASCII.isDigit(byte) || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
        guard !name.isEmpty, name.utf8.count <= 64, allowed else {
            problems.append("layout: name '\(name)' must be 1–64 of a–z 0–9 - _ .")
            return nil
        }
        return name
    }

    private mutating func checkRecordLength(_ top: JSONObjectReader) -> Int? {
        guard let length = top.integer("recordLength", problems: &problems) else { return nil }
        guard (1...Self.maximumRecordLength).contains(length) else {
            problems.append("layout: recordLength \(length) must be 1–\(Self.maximumRecordLength)")
            return nil
        }
        return length
    }

    private mutating func checkEnum<E: RawRepresentable & CaseIterable>(
        _ top: JSONObjectReader, key: String, _ type: E.Type
    ) -> E? where E.RawValue == String {
        guard let text = top.string(key, problems: &problems) else { return nil }
        guard let value = E(rawValue: text) else {
            let known = E.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            problems.append("layout: \(key) '\(text)' is not one of \(known)")
            return nil
        }
        return value
    }

    // MARK: - Files and records

    private mutating func checkFile(_ value: JSONValue?, kind: FileKind, recordLength: Int?) -> FileLayout? {
        guard let file = JSONObjectReader(value, context: "\(kind) file", problems: &problems) else { return nil }
        file.rejectUnknownKeys(allowing: Self.fileKeys, problems: &problems)
        let records = RecordRole.allCases.map { role in
            checkRecord(file.members[role.rawValue], kind: RecordKind(file: kind, role: role), recordLength: recordLength)
        }
        guard let header = records[0], let detail = records[1], let trailer = records[2] else { return nil }
        checkDistinctRecordTypes([header, detail, trailer], file: kind)
        return FileLayout(header: header, detail: detail, trailer: trailer)
    }

    /// Records are told apart by the bytes of their `record_type` field, so within a file
    /// no record type may equal, or begin, another.
    private mutating func checkDistinctRecordTypes(_ records: [RecordLayout], file: FileKind) {
        let types = records.map { record in
            record.field(.recordType).flatMap { field in field.value.map { Array(Self.render(constant: $0, field: field)) } } ?? []
        }
        for first in 0..<types.count {
            for second in (first + 1)..<types.count where !types[first].isEmpty && !types[second].isEmpty {
                let shorter = min(types[first].count, types[second].count)
                if types[first].prefix(shorter) == types[second].prefix(shorter) {
                    let roles = RecordRole.allCases
                    problems.append(
                        "\(file) file: the \(roles[first]) and \(roles[second]) record types "
                            + "('\(records[first].recordType)', '\(records[second].recordType)') cannot be told apart")
                }
            }
        }
    }

    private mutating func checkRecord(_ value: JSONValue?, kind: RecordKind, recordLength: Int?) -> RecordLayout? {
        guard let record = JSONObjectReader(value, context: "\(kind)", problems: &problems) else { return nil }
        record.rejectUnknownKeys(allowing: Self.recordKeys, problems: &problems)
        let problemsBefore = problems.count

        let recordType = record.string("recordType", problems: &problems)
        if let recordType, recordType.isEmpty || !recordType.utf8.allSatisfy({ ASCII.isPrintable($0) && $0 != ASCII.space }) {
            problems.append("\(kind): recordType '\(recordType)' must be printable ASCII without spaces")
        }
        guard let elements = record.array("fields", problems: &problems) else { return nil }
        if elements.isEmpty { problems.append("\(kind): 'fields' is empty") }

        var fields: [Field] = []
        var complete = true
        // Names are taken from every field, even one with other problems, so that a field
        // with a bad format is not also reported as missing.
        let names: [String] = elements.compactMap { element in
            if case .object(let members) = element, case .string(let name)? = members["name"] { return name }
            return nil
        }
        for (index, element) in elements.enumerated() {
            if let field = checkField(element, index: index, kind: kind) {
                fields.append(field)
            } else {
                complete = false
            }
        }

        checkNames(names, kind: kind)
        if complete { checkPositions(fields, kind: kind, recordLength: recordLength) }
        checkRecordTypeField(fields, kind: kind, recordType: recordType)

        guard problems.count == problemsBefore, let recordType else { return nil }
        return RecordLayout(recordType: recordType, fields: fields)
    }

    /// Names are unique within a record (fillers excepted: a layout may pad in several
    /// places), and every required one is there.
    private mutating func checkNames(_ names: [String], kind: RecordKind) {
        var seen: Set<String> = []
        for name in names where name != FieldName.filler.rawValue {
            if !seen.insert(name).inserted {
                problems.append("\(kind), field '\(name)': appears more than once")
            }
        }
        for name in kind.required where !names.contains(name.rawValue) {
            problems.append("\(kind): missing required field '\(name)'")
        }
    }

    /// Fields must tile the record exactly, in order: start at 1, no gap, no overlap,
    /// ending at the record length.
    private mutating func checkPositions(_ fields: [Field], kind: RecordKind, recordLength: Int?) {
        var expected = 1
        var previous: Field?
        for field in fields {
            if field.start > expected {
                let after = previous.map { "after '\($0.name)' (ends at \($0.end))" } ?? "at the start of the record"
                problems.append(
                    "\(kind), field '\(field.name)': gap \(after): starts at \(field.start), expected \(expected); "
                        + "positions \(expected)–\(field.start - 1) are not covered")
            } else if field.start < expected {
                let overlapped = previous.map { "'\($0.name)' (\($0.start)–\($0.end))" } ?? "the previous field"
                problems.append(
                    "\(kind), field '\(field.name)': overlaps \(overlapped): starts at \(field.start), expected \(expected)")
            }
            expected = field.end + 1
            previous = field
        }
        let total = fields.reduce(0) { $0 + $1.length }
        if let recordLength, total != recordLength {
            problems.append("\(kind): field lengths add up to \(total), but recordLength is \(recordLength)")
        } else if let recordLength, let last = fields.last, last.end != recordLength {
            problems.append("\(kind): the last field '\(last.name)' ends at \(last.end), but recordLength is \(recordLength)")
        }
    }

    private mutating func checkRecordTypeField(_ fields: [Field], kind: RecordKind, recordType: String?) {
        guard let field = fields.first(where: { $0.name == .recordType }) else { return }
        if field.start != 1 || fields.first?.name != .recordType {
            problems.append("\(kind), field 'record_type': must be the first field, at position 1 (found at \(field.start))")
        }
        if let recordType, let value = field.value, value != recordType {
            problems.append("\(kind), field 'record_type': value '\(value)' differs from the record's recordType '\(recordType)'")
        }
    }

    // MARK: - Fields

    private mutating func checkField(_ value: JSONValue, index: Int, kind: RecordKind) -> Field? {
        var label = "\(kind), field #\(index + 1)"
        if case .object(let members) = value, case .string(let name)? = members["name"] {
            label = "\(kind), field '\(name)'"
        }
        guard let object = JSONObjectReader(value, context: label, problems: &problems) else { return nil }
        object.rejectUnknownKeys(allowing: Self.fieldKeys, problems: &problems)
        let problemsBefore = problems.count

        let nameText = object.string("name", problems: &problems)
        let start = object.integer("start", problems: &problems)
        let end = object.integer("end", required: false, problems: &problems)
        var length = object.integer("length", required: end == nil, problems: &problems)
        let formatText = object.string("format", problems: &problems)
        let value = object.string("value", required: false, problems: &problems)

        var name: FieldName?
        if let nameText {
            name = FieldName(rawValue: nameText)
            if name == nil {
                let known = FieldName.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append("\(label): unknown field name (known names: \(known))")
            } else if let name, !kind.allowed.contains(name) {
                let allowed = FieldName.allCases.filter { kind.allowed.contains($0) }.map(\.rawValue).joined(separator: ", ")
                problems.append("\(label): not a field of a \(kind) (fields it may have: \(allowed))")
            }
        }

        if let start, start < 1 { problems.append("\(label): start \(start) must be at least 1") }
        if let start, let end, length == nil { length = end - start + 1 }
        if let length, length < 1 { problems.append("\(label): length \(length) must be at least 1") }
        if let start, let end, let length, end != start + length - 1 {
            problems.append("\(label): end \(end) does not match start \(start) and length \(length) (expected end \(start + length - 1))")
        }

        var format: FieldFormat?
        if let formatText {
            format = FieldFormat(layoutName: formatText)
            if format == nil {
                let known = FieldFormat.layoutNames.joined(separator: ", ")
                problems.append("\(label): unknown format '\(formatText)' (known formats: \(known))")
            }
        }
        if let name, let format {
            if !name.allows(format) {
                problems.append("\(label): format '\(format)' not allowed; this field takes \(name.allowedFormatsText)")
            }
            if let length, let fixed = format.fixedLength, length != fixed {
                problems.append("\(label): a \(format) field is \(fixed) long, not \(length)")
            }
            if let length, length > Self.maximumIntegerDigits,
               name.valueKind == .integer || name.valueKind == .money {
                problems.append("\(label): \(length) digits is too wide; numbers have at most \(Self.maximumIntegerDigits)")
            }
            checkConstant(value, name: name, format: format, length: length, label: label)
        }

        guard problems.count == problemsBefore, let name, let start, let length, let format else { return nil }
        return Field(name: name, start: start, length: length, format: format, value: value)
    }

    private mutating func checkConstant(_ value: String?, name: FieldName, format: FieldFormat, length: Int?, label: String) {
        guard let value else {
            if name.isConstant { problems.append("\(label): needs a constant 'value'") }
            return
        }
        guard name.isConstant else {
            problems.append("\(label): only record_type and originator take a constant 'value'")
            return
        }
        let bytes = Array(value.utf8)
        if bytes.isEmpty { problems.append("\(label): value is empty") }
        if let length, bytes.count > length {
            problems.append("\(label): value '\(value)' is \(bytes.count) long and does not fit length \(length)")
        }
        switch format {
        case .numeric where !ASCII.isAllDigits(bytes):
            problems.append("\(label): value '\(value)' is not all digits, as a 9 field needs")
        case .text where !PlainText.isPlain(value):
            problems.append("\(label): value '\(value)' is not plain text (A–Z 0–9 space . , ' - /, single spaces)")
        default:
            break
        }
    }

    /// The bytes a constant occupies in its field: left-justified in `X`, right-justified
    /// and zero-filled in `9`.
    static func render(constant: String, field: Field) -> [UInt8] {
        let bytes = Array(constant.utf8.prefix(field.length))
        let padding = field.length - bytes.count
        if field.format == .numeric {
            return [UInt8](repeating: ASCII.zero, count: padding) + bytes
        }
        return bytes + [UInt8](repeating: ASCII.space, count: padding)
    }

    // MARK: - Response codes

    private mutating func checkResponseCodes(_ value: JSONValue?, codeLength: Int?) -> [String: ResponseCode]? {
        guard let object = JSONObjectReader(value, context: "responseCodes", problems: &problems) else { return nil }
        if object.members.isEmpty {
            problems.append("responseCodes: empty; a layout needs at least the code for 'paid'")
            return nil
        }
        let problemsBefore = problems.count
        var codes: [String: ResponseCode] = [:]
        for code in object.members.keys.sorted() {
            let label = "responseCodes, code '\(code)'"
            guard let entry = JSONObjectReader(object.members[code], context: label, problems: &problems) else { continue }
            entry.rejectUnknownKeys(allowing: Self.responseKeys, problems: &problems)
            let codeBytes = Array(code.utf8)
            if codeBytes.isEmpty || !codeBytes.allSatisfy({ ASCII.isPrintable($0) && $0 != ASCII.space }) {
                problems.append("\(label): must be printable ASCII without spaces")
            }
            if let codeLength, codeBytes.count != codeLength {
                problems.append(
                    "\(label): is \(codeBytes.count) long, but the return detail's response_code field is \(codeLength)")
            }
            let description = entry.string("description", required: false, problems: &problems) ?? ""
            guard let outcomeText = entry.string("outcome", problems: &problems) else { continue }
            guard let outcome = OutcomeClass(rawValue: outcomeText) else {
                let known = OutcomeClass.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append("\(label): unknown outcome '\(outcomeText)' (known outcomes: \(known))")
                continue
            }
            codes[code] = ResponseCode(code: code, outcome: outcome, description: description)
        }
        if !codes.values.contains(where: { $0.outcome == .paid }) {
            problems.append("responseCodes: no code has outcome 'paid'")
        }
        return problems.count == problemsBefore ? codes : nil
    }
}
