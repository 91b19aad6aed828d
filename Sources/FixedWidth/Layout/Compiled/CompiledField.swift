/// A field ready for the hot paths: 0-based offset and an enum name.
///
/// Deliberately a plain value with no references (no `String`, no array): the encoder
/// and decoder walk these for every record, and copying one then costs no reference
/// counting. A constant's bytes live in the record's template, at the field's offset.
/// Public only as a token handed to the file kinds' encoding; its members are the module's.
public struct CompiledField: Sendable {
    let name: FieldName
    /// 0-based offset of the first byte within the record.
    let offset: Int
    let length: Int
    let format: FieldFormat
    /// Whether the field holds a constant (record type, originator).
    let isConstant: Bool

    init(_ field: Field) {
        self.name = field.name
        self.offset = field.start - 1
        self.length = field.length
        self.format = field.format
        self.isConstant = field.value != nil
    }

    var range: Range<Int> { offset..<(offset + length) }

    /// `9(15)`, `X(30)`, `YYYYMMDD`: for messages.
    var notation: String { format.notation(length: length) }
}
