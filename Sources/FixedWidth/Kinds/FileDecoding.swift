/// What reading a file of one kind keeps from detail to detail (its totals), and how it
/// turns records into values. The reader calls these in file order; each reports its
/// own errors through the tokens it is given.
public protocol FileDecoding {
    associatedtype Kind: FixedWidthFileKind

    init(layout: Layout)

    /// The header, when every value it needs was readable.
    static func header(_ values: RecordValues) -> Kind.Header?

    /// Reads every field of one detail, checks its number with `numbering` and its own
    /// rules, and adds it to the totals. The detail only when the record is entirely valid.
    mutating func detail(_ fields: inout FieldReader, numbering: inout DetailNumbering, header: Kind.Header?) -> Kind.Detail?

    /// Compares the trailer's totals other than the detail count (already compared).
    func compare(_ check: TotalsCheck)

    /// The trailer as stated, when it was readable.
    func trailer(_ stated: RecordValues) -> Kind.Trailer?

    var totals: Kind.Totals { get }
}
