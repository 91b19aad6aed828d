/// Checks the order of records in a file: one header on line 1, details, one trailer last.
struct RecordStructure {
    private(set) var headerLine: Int?
    private(set) var trailerLine: Int?
    private(set) var lineCount = 0
    private var missingHeaderReported = false

    /// Notes a record of `role` on `line` and reports whatever is out of place.
    mutating func see(_ role: RecordRole, line: Int, kind: FileKind, reporter: ErrorReporter) {
        switch role {
        case .header:
            if let first = headerLine {
                reporter.report(line: line, "repeated header (the header is on line \(first))")
            } else {
                headerLine = line
                if line != 1 { reporter.report(line: line, "the header must be the first record, on line 1") }
            }
        case .detail, .trailer:
            if headerLine == nil && !missingHeaderReported {
                missingHeaderReported = true
                reporter.report(line: line, "missing header: a \(kind) \(role) record comes before any header")
            }
            if role == .detail, let trailer = trailerLine {
                reporter.report(line: line, "detail after the trailer (line \(trailer))")
            }
            if role == .trailer {
                if let first = trailerLine {
                    reporter.report(line: line, "repeated trailer (the trailer is on line \(first))")
                } else {
                    trailerLine = line
                }
            }
        }
    }

    /// Notes any line, readable or not, for the end-of-file checks.
    mutating func count(line: Int) {
        lineCount = max(lineCount, line)
    }

    /// The checks that need the whole file.
    mutating func finish(reporter: ErrorReporter) {
        guard lineCount > 0 else {
            reporter.report(line: nil, "empty file: no header, details or trailer")
            return
        }
        if headerLine == nil && !missingHeaderReported {
            missingHeaderReported = true
            reporter.report(line: 1, "missing header: the file has no header record")
        }
        if trailerLine == nil {
            reporter.report(line: lineCount, "missing trailer: the file ends without a trailer record")
        }
    }
}
