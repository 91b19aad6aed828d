/// Reads and checks a debit file (one Autodebet wrote, or one to validate before
/// sending), streaming: details go to `onDetail` and errors to `onError` as they are
/// found, so memory stays flat whatever the file's size.
///
/// Every error is reported, not only the first. Details are delivered as they are read
/// when their record is entirely valid; the file as a whole is valid only if the
/// summary's `errorCount` is 0 (control totals are compared at the end).
public enum DebitFileReader {
    public static func read(
        path: String, layout: Layout,
        onDetail: (DecodedDebitDetail) throws -> Void, onError: (FileError) -> Void
    ) throws -> DebitFileSummary {
        try withOpenFile(path) { descriptor in
            try read(FileDescriptorSource(descriptor: descriptor, name: path), layout: layout, onDetail: onDetail, onError: onError)
        }
    }

    public static func read(
        bytes: [UInt8], layout: Layout,
        onDetail: (DecodedDebitDetail) throws -> Void, onError: (FileError) -> Void
    ) throws -> DebitFileSummary {
        try read(ByteArraySource(bytes), layout: layout, onDetail: onDetail, onError: onError)
    }

    /// The layout of the debit file at `path`, judged by its first line (record length,
    /// header record type, header fields); nil if no layout of the catalog fits.
    public static func detectLayout(path: String, catalog: LayoutCatalog) -> Layout? {
        LayoutDetection.detect(path: path, catalog: catalog, kinds: [.debit])?.layout
    }

    static func read<Source: ByteSource>(
        _ source: Source, layout: Layout,
        onDetail: (DecodedDebitDetail) throws -> Void, onError: (FileError) -> Void
    ) throws -> DebitFileSummary {
        try withoutActuallyEscaping(onError) { onError in
            let reporter = ErrorReporter(onError)
            var state = DebitFileState(layout: layout, reporter: reporter)
            let structure = try FileScanner.scan(
                source, file: layout.compiledDebit, recordLength: layout.recordLength, reporter: reporter
            ) { role, line in
                switch role {
                case .header: state.readHeader(line)
                case .detail: if let detail = state.readDetail(line) { try onDetail(detail) }
                case .trailer: state.readTrailer(line)
                }
            }
            state.compareTotals()
            return DebitFileSummary(
                header: state.header, trailer: state.trailer, detailCount: state.detailCount,
                totalAmount: state.total.value, accountHash: state.accountHash, lineCount: structure.lineCount,
                errorCount: reporter.count)
        }
    }
}

/// The running state of one debit file read: first header and trailer, totals.
private struct DebitFileState {
    let file: CompiledFile
    let perRupiah: Int64
    let reporter: ErrorReporter

    var header: DebitFileHeader?
    var trailer: DebitFileTrailer?
    var trailerLine: Int?
    var trailerReadable = false
    var statedCount: Int64?
    var statedTotal: Int64?
    var statedHash: Int64?

    var detailCount = 0
    var total = RunningTotal()
    var accountHash: Int64 = 0
    var accountHashKnown = true
    var lastDetailNumber: Int64 = 0
    let hasParts: Bool

    init(layout: Layout, reporter: ErrorReporter) {
        self.file = layout.compiledDebit
        self.perRupiah = layout.amountUnit.perRupiah
        self.reporter = reporter
        self.hasParts = file.detail.has(.jkk) && file.detail.has(.jkm) && file.detail.has(.jht)
    }

    private func fields(_ line: Line, _ record: CompiledRecord) -> FieldReader {
        FieldReader(bytes: line.bytes, record: record, line: line.number, perRupiah: perRupiah, reporter: reporter)
    }

    mutating func readHeader(_ line: Line) {
        var reader = fields(line, file.header)
        var bankCode: String?, creationDate: CalendarDate?, debitDate: CalendarDate?
        var period: Period?, attempt: Int64?, sequence: Int64?
        for field in file.header.fields {
            switch field.name {
            case .bankCode: bankCode = reader.text(field)
            case .creationDate: creationDate = reader.date(field)
            case .debitDate: debitDate = reader.date(field)
            case .period: period = reader.period(field)
            case .attempt: attempt = reader.integer(field)
            case .fileSequence: sequence = reader.integer(field)
            default: _ = reader.read(field)
            }
        }
        guard header == nil, let bankCode, let creationDate, let debitDate, let period, let attempt, let sequence else { return }
        header = DebitFileHeader(
            bankCode: bankCode, creationDate: creationDate, debitDate: debitDate, period: period,
            attempt: Int(attempt), sequence: Int(sequence))
    }

    mutating func readDetail(_ line: Line) -> DecodedDebitDetail? {
        detailCount += 1
        var reader = fields(line, file.detail)
        var detailNumber: Int64?, reference: String?, accountNumber: String?, accountName: String?
        var amount: Int64?, jkk: Int64?, jkm: Int64?, jht: Int64?, kpj: String?, nik: String?
        for field in file.detail.fields {
            switch field.name {
            case .detailNumber: detailNumber = reader.integer(field)
            case .reference: reference = reader.identifier(field)
            case .accountNumber: accountNumber = reader.identifier(field, digitsOnly: true)
            case .accountName: accountName = reader.text(field)
            case .amount: amount = reader.integer(field)
            case .jkk: jkk = reader.integer(field)
            case .jkm: jkm = reader.integer(field)
            case .jht: jht = reader.integer(field)
            case .kpj: kpj = reader.identifier(field, digitsOnly: true)
            case .nik: nik = reader.identifier(field, digitsOnly: true)
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
        if hasParts, let amount, let jkk, let jkm, let jht, let field = file.detail.field(.amount) {
            let (parts, overflow) = jkk.addingReportingOverflow(jkm)
            let (sum, overflow2) = parts.addingReportingOverflow(jht)
            if overflow || overflow2 || sum != amount {
                reader.report(field, "amount \(amount) is not jkk + jkm + jht (\(jkk) + \(jkm) + \(jht))")
            }
        }

        total.add(amount)
        if let accountNumber, let value = AccountHash.value(of: accountNumber.utf8) {
            accountHash = AccountHash.adding(value, to: accountHash)
        } else {
            accountHashKnown = false
        }

        guard !reader.failed, let reference, let accountNumber, let amount else { return nil }
        return DecodedDebitDetail(
            line: line.number, detailNumber: detailNumber.map(Int.init), reference: reference, accountNumber: accountNumber,
            accountName: accountName, amount: amount, jkk: jkk, jkm: jkm, jht: jht, kpj: kpj, nik: nik)
    }

    mutating func readTrailer(_ line: Line) {
        var reader = fields(line, file.trailer)
        var count: Int64?, totalAmount: Int64?, hash: Int64?
        for field in file.trailer.fields {
            switch field.name {
            case .detailCount: count = reader.integer(field)
            case .totalAmount: totalAmount = reader.integer(field)
            case .accountHash: hash = reader.integer(field)
            default: _ = reader.read(field)
            }
        }
        guard trailerLine == nil else { return }   // a repeated trailer is reported, not used
        trailerLine = line.number
        trailerReadable = !reader.failed
        statedCount = count
        statedTotal = totalAmount
        statedHash = hash
    }

    /// Compares the first trailer's control totals with the details.
    mutating func compareTotals() {
        if let line = trailerLine, let stated = statedCount, let field = file.trailer.field(.detailCount),
           stated != Int64(detailCount) {
            reporter.report(line: line, field: field, "trailer says \(stated) details, the file has \(detailCount)")
        }
        total.compare(stated: statedTotal, field: file.trailer.field(.totalAmount), line: trailerLine, what: "total amount", reporter: reporter)
        if let line = trailerLine, let stated = statedHash, let field = file.trailer.field(.accountHash), accountHashKnown {
            let expected = AccountHash.reduced(accountHash, toDigits: field.length)
            if stated != expected {
                // The hashes themselves are derived from account numbers: not shown.
                reporter.report(line: line, field: field, "account hash does not match the details' account numbers")
            }
        }
        if trailerReadable, let count = statedCount, let totalAmount = statedTotal {
            // A layout without a hash field: the trailer carries the computed one.
            trailer = DebitFileTrailer(detailCount: Int(count), totalAmount: totalAmount, accountHash: statedHash ?? accountHash)
        }
    }
}
