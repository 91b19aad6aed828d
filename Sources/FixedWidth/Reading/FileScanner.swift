/// The part of reading shared by debit and return files: lines, record length, record
/// type and record order. Each readable record is handed on to be decoded.
enum FileScanner {
    static func scan<Source: ByteSource>(
        _ source: Source, file: CompiledFile, recordLength: Int, reporter: ErrorReporter,
        onRecord: (RecordRole, Line) throws -> Void
    ) throws -> RecordStructure {
        // CR + LF would already be gone; +2 keeps a little of an overlong line for nothing
        // more than its measurement.
        var lines = LineReader(source: source, maximumLength: recordLength + 2)
        var structure = RecordStructure()
        try lines.forEachLine { line in
            structure.count(line: line.number)
            guard line.length == recordLength else {
                reporter.report(line: line.number, "wrong record length \(line.length), expected \(recordLength)")
                return true
            }
            guard let role = file.role(of: line.bytes) else {
                let typeLength = max(file.detail.recordType.count, 1)
                reporter.report(line: line.number, "unknown record type \(FieldReader.show(line.bytes.prefix(typeLength)))")
                return true
            }
            structure.see(role, line: line.number, kind: file.kind, reporter: reporter)
            try onRecord(role, line)
            return true
        }
        structure.finish(reporter: reporter)
        return structure
    }
}
