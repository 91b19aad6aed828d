/// One record kind compiled once per layout: a template holding the constants and the
/// spaces, and the fields whose bytes change from record to record.
struct CompiledRecord: Sendable {
    let kind: RecordKind
    let recordLength: Int
    /// The bytes of the `record_type` field, which identify this record in a file.
    let recordType: [UInt8]
    let fields: [CompiledField]
    /// Spaces everywhere except the constants: the starting point of every record written.
    let template: [UInt8]
    /// Fields that are neither constants nor fillers, in position order.
    let variableFields: [CompiledField]

    init(_ layout: RecordLayout, kind: RecordKind, recordLength: Int) {
        self.kind = kind
        self.recordLength = recordLength
        self.fields = layout.fields.map(CompiledField.init)
        var template = [UInt8](repeating: ASCII.space, count: recordLength)
        var recordType: [UInt8] = []
        for field in layout.fields {
            guard let value = field.value else { continue }
            let constant = LayoutChecker.render(constant: value, field: field)
            template.replaceSubrange((field.start - 1)..<field.end, with: constant)
            if field.name == .recordType { recordType = constant }
        }
        self.template = template
        self.recordType = recordType
        self.variableFields = fields.filter { !$0.isConstant && $0.format != .filler }
    }

    /// The bytes of a constant field, as every record must carry them.
    func constant(_ field: CompiledField) -> ArraySlice<UInt8> {
        template[field.range]
    }

    func field(_ name: FieldName) -> CompiledField? {
        fields.first { $0.name == name }
    }

    func has(_ name: FieldName) -> Bool {
        field(name) != nil
    }

    /// Whether `line` starts with this record's type.
    @inline(__always)
    func matches(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.count >= recordType.count else { return false }
        for index in 0..<recordType.count where line[index] != recordType[index] {
            return false
        }
        return true
    }
}
