extension DebitFile {
    /// What reading a debit file computes from its details (amounts in whole rupiah).
    public struct Totals: Sendable, Equatable {
        public var totalAmount: Int64
        /// The sum of the account numbers, modulo 10^18.
        public var accountHash: Int64
    }
}
