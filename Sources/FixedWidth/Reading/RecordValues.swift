/// The readable values of one whole record, by field name: how headers and trailers
/// (one of each a file) reach the file kinds. Public only as a token for them.
public struct RecordValues {
    private let values: [FieldName: FieldValue]

    init(_ values: [FieldName: FieldValue] = [:]) {
        self.values = values
    }

    func integer(_ name: FieldName) -> Int64? { values[name]?.integer }
    func text(_ name: FieldName) -> String? { values[name]?.text }
    func date(_ name: FieldName) -> CalendarDate? { values[name]?.date }
    func period(_ name: FieldName) -> Period? { values[name]?.period }
}
