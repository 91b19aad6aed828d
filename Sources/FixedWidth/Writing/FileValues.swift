/// The values that are the same on every record of one file (those of its header).
///
/// Details and trailers may repeat them; the encoders write them into the record
/// templates once per file, so the per-record work is only the fields that change.
struct FileValues {
    var bankCode: String
    var creationDate: CalendarDate?
    var debitDate: CalendarDate?
    var processingDate: CalendarDate?
    var period: Period
    var attempt: Int
    var sequence: Int

    init(_ header: DebitFileHeader) {
        bankCode = header.bankCode
        creationDate = header.creationDate
        debitDate = header.debitDate
        period = header.period
        attempt = header.attempt
        sequence = header.sequence
    }

    init(_ header: ReturnFileHeader) {
        bankCode = header.bankCode
        processingDate = header.processingDate
        period = header.period
        attempt = header.attempt
        sequence = header.sequence
    }

    /// The record's template with the file values written in, plus the line ending, and
    /// the fields left for each record to fill. `perRecord` names fields that belong to
    /// each record even though the header has a field of the same name (a return
    /// detail's own processing date).
    func prepare(
        _ record: CompiledRecord, lineEnding: LineEnding, perRecord: Set<FieldName> = []
    ) throws -> (template: [UInt8], fields: [CompiledField]) {
        var template = record.template + lineEnding.bytes
        var remaining: [CompiledField] = []
        try template.withUnsafeMutableBufferPointer { buffer in
            let writer = FieldWriter(buffer: buffer, base: 0)
            for field in record.variableFields {
                if perRecord.contains(field.name) {
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
        return (template, remaining)
    }

    private func required(_ date: CalendarDate?, _ field: CompiledField) throws -> CalendarDate {
        // The checker only allows a file's own header dates in its records, so this is
        // unreachable with a checked layout; kept as an error rather than a crash.
        guard let date else { throw RecordEncodingError(field: field.name.rawValue, message: "no value in this file kind") }
        return date
    }
}
