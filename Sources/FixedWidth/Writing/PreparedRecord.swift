/// One record of a file ready to be written: its template (constants, spaces, the file's
/// header values and the line ending) and the fields each record fills in.
struct PreparedRecord: Sendable {
    let kind: RecordKind
    let template: [UInt8]
    let fields: [CompiledField]

    /// Appends the template and writes each field with `write`. If a field cannot be
    /// written, nothing is appended: a file never holds half a record.
    func append(to buffer: inout [UInt8], _ write: (CompiledField, FieldWriter) throws -> Void) throws {
        let start = buffer.count
        buffer.append(contentsOf: template)
        do {
            try buffer.withUnsafeMutableBufferPointer { pointer in
                let writer = FieldWriter(buffer: pointer, base: start, record: kind)
                for field in fields { try write(field, writer) }
            }
        } catch {
            buffer.removeSubrange(start...)
            throw error
        }
    }
}
