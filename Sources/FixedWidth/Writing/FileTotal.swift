/// A file's running total of amounts, while writing.
enum FileTotal {
    /// `total + amount`; refused, naming the trailer's `field`, rather than wrapped.
    static func adding(_ amount: Int64, to total: Int64, field: FieldName) throws -> Int64 {
        let (sum, overflow) = total.addingReportingOverflow(amount)
        guard !overflow else { throw RecordEncodingError(field: field.rawValue, message: "the file total overflows") }
        return sum
    }
}
