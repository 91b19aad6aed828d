/// The running state of one file read, shared by the kinds: the first header and trailer,
/// the detail count and numbering; the kind's own totals are in `decoding`.
struct FileReadState<Kind: FixedWidthFileKind> {
    let file: CompiledFile
    let perRupiah: Int64
    let reporter: ErrorReporter
    private var decoding: Kind.Decoding
    private var numbering = DetailNumbering()

    private var header: Kind.Header?
    private var trailer: Kind.Trailer?
    /// The first trailer's line and values: a repeated trailer is reported, not used.
    private var trailerLine: Int?
    private var trailerReadable = false
    private var stated = RecordValues()
    private var detailCount = 0

    init(layout: Layout, reporter: ErrorReporter) {
        self.file = layout.compiled(Kind.fileKind)
        self.perRupiah = layout.amountUnit.perRupiah
        self.reporter = reporter
        self.decoding = Kind.Decoding(layout: layout)
    }

    private func fields(_ line: Line, _ record: CompiledRecord) -> FieldReader {
        FieldReader(bytes: line.bytes, record: record, line: line.number, perRupiah: perRupiah, reporter: reporter)
    }

    mutating func readHeader(_ line: Line) {
        var reader = fields(line, file.header)
        let read = Kind.Decoding.header(reader.values())
        if header == nil { header = read }
    }

    mutating func readDetail(_ line: Line) -> Kind.Detail? {
        detailCount += 1
        var reader = fields(line, file.detail)
        return decoding.detail(&reader, numbering: &numbering, header: header)
    }

    mutating func readTrailer(_ line: Line) {
        var reader = fields(line, file.trailer)
        let values = reader.values()
        guard trailerLine == nil else { return }
        trailerLine = line.number
        trailerReadable = !reader.failed
        stated = values
    }

    /// Compares the first trailer's control totals with the details.
    mutating func compareTotals() {
        guard let line = trailerLine else { return }
        let check = TotalsCheck(line: line, trailer: file.trailer, stated: stated, reporter: reporter)
        check.count(.detailCount, detailCount, what: "details")
        decoding.compare(check)
        if trailerReadable { trailer = decoding.trailer(stated) }
    }

    func summary(lineCount: Int) -> FixedWidthFileSummary<Kind> {
        FixedWidthFileSummary(
            header: header, trailer: trailer, detailCount: detailCount, totals: decoding.totals,
            lineCount: lineCount, errorCount: reporter.count)
    }
}
