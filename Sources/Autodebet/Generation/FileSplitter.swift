import FixedWidth

/// Writes a stream of debit details into sequenced files (S0001, S0002, …) of one bank,
/// period and attempt, each one atomic, each one whole before the next begins. Files are
/// sealed under their temporary names; the caller places them once they are recorded.
struct FileSplitter {
    let layout: Layout
    let directory: String
    let bank: Bank
    let period: Period
    let attempt: Int
    let creationDate: CalendarDate
    let debitDate: CalendarDate

    private(set) var files: [GeneratedFile] = []
    private var current: (file: AtomicFile, encoder: FixedWidthFileEncoder<DebitFile>, sequence: Int)?
    private var buffer: [UInt8] = []

    init(layout: Layout, directory: String, bank: Bank, period: Period, attempt: Int,
         creationDate: CalendarDate, debitDate: CalendarDate) {
        self.layout = layout
        self.directory = directory
        self.bank = bank
        self.period = period
        self.attempt = attempt
        self.creationDate = creationDate
        self.debitDate = debitDate
        buffer.reserveCapacity(Self.flushSize + 1024)
    }

    static let flushSize = 1 << 20

    /// Appends a detail to file `sequence`, closing the previous file when it changes.
    /// `onSealed` hears of every file complete under its temporary name.
    mutating func append(_ detail: DebitDetail, sequence: Int, onSealed: (AtomicFile) -> Void) throws {
        if current?.sequence != sequence {
            try finish(onSealed: onSealed)
            let name = DebitFileName(bankCode: bank.code, period: period, attempt: attempt, sequence: sequence).description
            let header = DebitFileHeader(bankCode: bank.code, creationDate: creationDate, debitDate: debitDate,
                                         period: period, attempt: attempt, sequence: sequence)
            let encoder = try FixedWidthFileEncoder<DebitFile>(layout: layout, header: header)
            let file = try AtomicFile(directory: directory, name: name)
            current = (file, encoder, sequence)
            try encoder.encodeHeader(into: &buffer)
        }
        try current!.encoder.encode(detail, into: &buffer)
        if buffer.count >= Self.flushSize {
            try current!.file.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Completes the open file, if any: trailer, fsync (not yet renamed).
    mutating func finish(onSealed: (AtomicFile) -> Void) throws {
        guard let open = current else { return }
        try open.encoder.encodeTrailer(into: &buffer)
        try open.file.write(buffer)
        buffer.removeAll(keepingCapacity: true)
        let sha256 = try open.file.seal()
        current = nil
        onSealed(open.file)
        let totals = open.encoder.trailer
        files.append(GeneratedFile(name: open.file.name, recordCount: totals.detailCount,
                                   totalAmount: totals.totalAmount, sha256: sha256, present: true))
    }

    /// Drops a file still being written (after an error).
    mutating func abandon() {
        current?.file.discard()
        current = nil
    }
}
