/// What reading a debit file found. The file is valid only when `errorCount` is 0.
/// Totals are computed from the details (amounts in whole rupiah).
public struct DebitFileSummary: Sendable, Equatable {
    /// The header, when line 1 was a readable header.
    public var header: DebitFileHeader?
    /// The trailer as written, when it was readable.
    public var trailer: DebitFileTrailer?
    /// Detail records found (readable or not).
    public var detailCount: Int
    public var totalAmount: Int64
    public var accountHash: Int64
    public var lineCount: Int
    public var errorCount: Int

    public var isValid: Bool { errorCount == 0 }
}
