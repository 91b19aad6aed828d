/// What reading a file found. The file is valid only when `errorCount` is 0. Counts and
/// totals are computed from the details (amounts in whole rupiah); the kind's own totals
/// read as members of the summary (`summary.totalAmount`, `summary.successCount`).
@dynamicMemberLookup
public struct FixedWidthFileSummary<Kind: FixedWidthFileKind>: Sendable, Equatable {
    /// The header, when a header record was readable.
    public var header: Kind.Header?
    /// The trailer as written, when it was readable.
    public var trailer: Kind.Trailer?
    /// Detail records found (readable or not).
    public var detailCount: Int
    public var totals: Kind.Totals
    public var lineCount: Int
    public var errorCount: Int

    public var isValid: Bool { errorCount == 0 }

    public subscript<Value>(dynamicMember total: KeyPath<Kind.Totals, Value>) -> Value {
        totals[keyPath: total]
    }
}
