extension ReturnFile {
    /// What reading a return file computes from its details (amounts in whole rupiah).
    public struct Totals: Sendable, Equatable {
        /// Details with a `paid` code.
        public var successCount: Int
        public var successAmount: Int64
        /// Details with a known code other than `paid`.
        public var failedCount: Int
        public var totalDebited: Int64
    }
}
