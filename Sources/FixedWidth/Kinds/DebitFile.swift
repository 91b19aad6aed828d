/// Debit files: written by Autodebet, read back to check them (validate, the bank
/// simulator).
public enum DebitFile: FixedWidthFileKind {
    public typealias Header = DebitFileHeader
    public typealias Detail = DebitDetail
    public typealias Trailer = DebitFileTrailer

    public static let fileKind = FileKind.debit

    /// Whether the layout's details carry JKK, JKM and JHT, so the amount must be their sum.
    static func hasParts(_ layout: Layout) -> Bool {
        let detail = layout.compiledDebit.detail
        return detail.has(.jkk) && detail.has(.jkm) && detail.has(.jht)
    }
}
