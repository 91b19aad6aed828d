/// The control totals of a return file; each is nil when the layout has no such field
/// (when read) — the encoder's running totals have them all. Amounts are whole rupiah.
public struct ReturnFileTrailer: Sendable, Equatable {
    public var detailCount: Int
    public var successCount: Int?
    public var successAmount: Int64?
    public var failedCount: Int?
    public var totalDebited: Int64?

    public init(detailCount: Int, successCount: Int? = nil, successAmount: Int64? = nil, failedCount: Int? = nil, totalDebited: Int64? = nil) {
        self.detailCount = detailCount
        self.successCount = successCount
        self.successAmount = successAmount
        self.failedCount = failedCount
        self.totalDebited = totalDebited
    }
}
