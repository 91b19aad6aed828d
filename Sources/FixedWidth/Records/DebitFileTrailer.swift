/// The control totals of a debit file. Amounts are whole rupiah.
public struct DebitFileTrailer: Sendable, Equatable {
    public var detailCount: Int
    public var totalAmount: Int64
    /// Sum of the account numbers as integers, modulo 10^18. When read from a layout
    /// whose trailer has no such field, this is the hash computed from the details.
    public var accountHash: Int64

    public init(detailCount: Int, totalAmount: Int64, accountHash: Int64) {
        self.detailCount = detailCount
        self.totalAmount = totalAmount
        self.accountHash = accountHash
    }
}
