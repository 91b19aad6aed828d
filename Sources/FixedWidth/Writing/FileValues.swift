/// The values that are the same on every record of one file (those of its header).
///
/// Details and trailers may repeat them; the encoder writes them into the record
/// templates once per file, so the per-record work is only the fields that change.
/// Public only as a token for the file kinds' encoding.
public struct FileValues {
    var bankCode: String
    var creationDate: CalendarDate?
    var debitDate: CalendarDate?
    var processingDate: CalendarDate?
    var period: Period
    var attempt: Int
    var sequence: Int
    /// Fields of a detail that are the detail's own although the header has a field of
    /// the same name (a return detail's processing date).
    var detailsOwn: Set<FieldName> = []

    /// The record's template with the file values written in, plus the line ending, and
    /// the fields left for each record to fill.
    func prepare(_ record: CompiledRecord, lineEnding: LineEnding) throws -> PreparedRecord {
        var template = record.template + lineEnding.bytes
        var remaining: [CompiledField] = []
        let own = record.kind.role == .detail ? detailsOwn : []
        try template.withUnsafeMutableBufferPointer { buffer in
            let writer = FieldWriter(buffer: buffer, base: 0, record: record.kind)
            for field in record.variableFields {
                if own.contains(field.name) {
                    remaining.append(field)
                    continue
                }
                switch field.name {
                case .bankCode: try writer.digitString(bankCode, field)
                case .creationDate: try writer.date(try required(creationDate, field), field)
                case .debitDate: try writer.date(try required(debitDate, field), field)
                case .processingDate: try writer.date(try required(processingDate, field), field)
                case .period: try writer.period(period, field)
                case .attempt: try writer.integer(attempt, field)
                case .fileSequence: try writer.integer(sequence, field)
                default: remaining.append(field)
                }
            }
        }
        return PreparedRecord(kind: record.kind, template: template, fields: remaining)
    }

    private func required(_ date: CalendarDate?, _ field: CompiledField) throws -> CalendarDate {
        // The checker only allows a file's own header dates in its records, so this is
        // unreachable with a checked layout; kept as an error rather than a crash.
        guard let date else { throw RecordEncodingError(field: field.name.rawValue, message: "no value in this file kind") }
        return date
    }
}
