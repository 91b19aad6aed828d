/// The fields of one record kind (header, detail or trailer of a debit or return file).
public struct RecordLayout: Sendable {
    /// The constant in the `record_type` field that identifies this record.
    public let recordType: String
    /// In position order, covering the whole record.
    public let fields: [Field]

    public init(recordType: String, fields: [Field]) {
        self.recordType = recordType
        self.fields = fields
    }

    public func field(_ name: FieldName) -> Field? {
        fields.first { $0.name == name }
    }
}
