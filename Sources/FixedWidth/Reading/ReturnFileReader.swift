/// Reads and checks a bank's return file, streaming, like `DebitFileReader`.
///
/// Return files are untrusted input: every check of layouts.md is made (record length and
/// type, field formats, one header first and one trailer last, known response codes,
/// nothing debited on a failure, control totals), every error is reported, and no input
/// crashes the reader or makes it hold more than one line in memory. Details are
/// delivered as they are read when their record is entirely valid; the file as a whole
/// is valid only if the summary's `errorCount` is 0.
public enum ReturnFileReader {
    public static func read(
        path: String, layout: Layout,
        onDetail: (ReturnDetail) throws -> Void, onError: (FileError) -> Void
    ) throws -> ReturnFileSummary {
        try withOpenFile(path) { descriptor in
            try read(FileDescriptorSource(descriptor: descriptor, name: path), layout: layout, onDetail: onDetail, onError: onError)
        }
    }

    public static func read(
        bytes: [UInt8], layout: Layout,
        onDetail: (ReturnDetail) throws -> Void, onError: (FileError) -> Void
    ) throws -> ReturnFileSummary {
        try read(ByteArraySource(bytes), layout: layout, onDetail: onDetail, onError: onError)
    }

    /// The layout of the return file at `path`, judged by its first line; nil if no
    /// layout of the catalog fits.
    public static func detectLayout(path: String, catalog: LayoutCatalog) -> Layout? {
        LayoutDetection.detect(path: path, catalog: catalog, kinds: [.returns])?.layout
    }

    static func read<Source: ByteSource>(
        _ source: Source, layout: Layout,
        onDetail: (ReturnDetail) throws -> Void, onError: (FileError) -> Void
    ) throws -> ReturnFileSummary {
        try withoutActuallyEscaping(onError) { onError in
            let reporter = ErrorReporter(onError)
            var state = ReturnFileState(layout: layout, reporter: reporter)
            let structure = try FileScanner.scan(
                source, file: layout.compiledReturns, recordLength: layout.recordLength, reporter: reporter
            ) { role, line in
                switch role {
                case .header: state.readHeader(line)
                case .detail: if let detail = state.readDetail(line) { try onDetail(detail) }
                case .trailer: state.readTrailer(line)
                }
            }
            state.compareTotals()
            return ReturnFileSummary(
                header: state.header, trailer: state.trailer, detailCount: state.detailCount,
                successCount: state.successCount, successAmount: state.successAmount.value,
                failedCount: state.failedCount, totalDebited: state.totalDebited.value,
                lineCount: structure.lineCount, errorCount: reporter.count)
        }
    }
}

/// The running state of one return file read: first header and trailer, totals.
private struct ReturnFileState {
    let file: CompiledFile
    let perRupiah: Int64
    let responseCodes: [String: ResponseCode]
    let reporter: ErrorReporter

    var header: ReturnFileHeader?
    var trailer: ReturnFileTrailer?
    var trailerLine: Int?
    var trailerReadable = false
    var stated: [FieldName: Int64] = [:]

    var detailCount = 0
    var successCount = 0
    var failedCount = 0
    /// False once a detail's outcome is unknown: success and failure counts are then
    /// not compared (the unknown code is the error).
    var outcomesKnown = true
    var successAmount = RunningTotal()
    var totalDebited = RunningTotal()
    var lastDetailNumber: Int64 = 0

    init(layout: Layout, reporter: ErrorReporter) {
        self.file = layout.compiledReturns
        self.perRupiah = layout.amountUnit.perRupiah
        self.responseCodes = layout.responseCodes
        self.reporter = reporter
    }

    private func fields(_ line: Line, _ record: CompiledRecord) -> FieldReader {
        FieldReader(bytes: line.bytes, record: record, line: line.number, perRupiah: perRupiah, reporter: reporter)
    }

    mutating func readHeader(_ line: Line) {
        var reader = fields(line, file.header)
        var bankCode: String?, processingDate: CalendarDate?, period: Period?, attempt: Int64?, sequence: Int64?
        for field in file.header.fields {
            switch field.name {
            case .bankCode: bankCode = reader.text(field)
            case .processingDate: processingDate = reader.date(field)
            case .period: period = reader.period(field)
            case .attempt: attempt = reader.integer(field)
            case .fileSequence: sequence = reader.integer(field)
            default: _ = reader.read(field)
            }
        }
        guard header == nil, let bankCode, let processingDate, let period, let attempt, let sequence else { return }
        header = ReturnFileHeader(
            bankCode: bankCode, processingDate: processingDate, period: period, attempt: Int(attempt), sequence: Int(sequence))
    }

    mutating func readDetail(_ line: Line) -> ReturnDetail? {
        detailCount += 1
        var reader = fields(line, file.detail)
        var detailNumber: Int64?, reference: String?, accountNumber: String?, amountRequested: Int64?
        var amountDebited: Int64?, codeText: String?, processingDate: CalendarDate?, description: String?
        for field in file.detail.fields {
            switch field.name {
            case .detailNumber: detailNumber = reader.integer(field)
            case .reference: reference = reader.identifier(field)
            // Banks may mask account numbers in returns: any printable text is accepted.
            case .accountNumber: accountNumber = reader.text(field)
            case .amountRequested: amountRequested = reader.integer(field)
            case .amountDebited: amountDebited = reader.integer(field)
            case .responseCode: codeText = reader.text(field)
            case .processingDate: processingDate = reader.date(field)
            case .description: description = reader.text(field)
            default: _ = reader.read(field)
            }
        }

        if let field = file.detail.field(.detailNumber) {
            let expected = lastDetailNumber + 1
            if let detailNumber, detailNumber != expected {
                reader.report(field, "detail number \(detailNumber), expected \(expected)")
            }
            lastDetailNumber = detailNumber ?? expected
        }

        var code: ResponseCode?
        if let codeText, let field = file.detail.field(.responseCode) {
            code = responseCodes[codeText]
            if code == nil { reader.report(field, "unknown response code \(FieldReader.show(codeText.utf8))") }
        }
        if let code, let amountDebited, code.outcome != .paid, amountDebited != 0,
           let field = file.detail.field(.amountDebited) {
            reader.report(field, "amount debited \(amountDebited) with response code '\(code.code)' (\(code.outcome)); must be 0 unless paid")
        }

        totalDebited.add(amountDebited)
        switch code?.outcome {
        case .paid?:
            successCount += 1
            successAmount.add(amountDebited)
        case _?:
            failedCount += 1
        case nil:
            outcomesKnown = false
        }

        guard !reader.failed, let reference, let amountDebited, let code,
              let processingDate = processingDate ?? header?.processingDate
        else { return nil }
        let remark = description.flatMap { $0.isEmpty ? nil : $0 } ?? code.description
        return ReturnDetail(
            line: line.number, detailNumber: detailNumber.map(Int.init), reference: reference,
            accountNumber: accountNumber.flatMap { $0.isEmpty ? nil : $0 }, amountRequested: amountRequested,
            amountDebited: amountDebited, responseCode: code.code, outcome: code.outcome,
            processingDate: processingDate, description: remark)
    }

    mutating func readTrailer(_ line: Line) {
        var reader = fields(line, file.trailer)
        var values: [FieldName: Int64] = [:]
        for field in file.trailer.fields {
            switch field.name {
            case .detailCount, .successCount, .successAmount, .failedCount, .totalDebited:
                if let value = reader.integer(field) { values[field.name] = value }
            default: _ = reader.read(field)
            }
        }
        guard trailerLine == nil else { return }   // a repeated trailer is reported, not used
        trailerLine = line.number
        trailerReadable = !reader.failed
        stated = values
    }

    /// Compares the first trailer's control totals with the details.
    mutating func compareTotals() {
        guard let line = trailerLine else { return }
        compareCount(.detailCount, detailCount, what: "details", line: line)
        if outcomesKnown {
            compareCount(.successCount, successCount, what: "paid details", line: line)
            compareCount(.failedCount, failedCount, what: "failed details", line: line)
        }
        successAmount.compare(
            stated: stated[.successAmount], field: file.trailer.field(.successAmount), line: line,
            what: "amount debited on paid details", reporter: reporter)
        totalDebited.compare(
            stated: stated[.totalDebited], field: file.trailer.field(.totalDebited), line: line,
            what: "total amount debited", reporter: reporter)
        if trailerReadable, let count = stated[.detailCount] {
            trailer = ReturnFileTrailer(
                detailCount: Int(count), successCount: stated[.successCount].map(Int.init),
                successAmount: stated[.successAmount], failedCount: stated[.failedCount].map(Int.init),
                totalDebited: stated[.totalDebited])
        }
    }

    private func compareCount(_ key: FieldName, _ actual: Int, what: String, line: Int) {
        guard let stated = stated[key], let field = file.trailer.field(key), stated != Int64(actual) else { return }
        reporter.report(line: line, field: field, "trailer says \(stated) \(what), the file has \(actual)")
    }
}
