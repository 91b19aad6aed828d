/// What reading a return file found. The file is valid only when `errorCount` is 0.
/// Counts and totals are computed from the details (amounts in whole rupiah).
public struct ReturnFileSummary: Sendable, Equatable {
    public var header: ReturnFileHeader?
    /// The trailer as written, when it was readable.
    public var trailer: ReturnFileTrailer?
    /// Detail records found (readable or not).
    public var detailCount: Int
    /// Details with a `paid` code.
    public var successCount: Int
    public var successAmount: Int64
    /// Details with a known code other than `paid`.
    public var failedCount: Int
    public var totalDebited: Int64
    public var lineCount: Int
    public var errorCount: Int

    public var isValid: Bool { errorCount == 0 }
}
