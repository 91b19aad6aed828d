/// The running totals of one file of a kind being written, and how its values go into
/// fields. The encoder copies the record templates and rolls back a failed record.
public protocol FileEncoding: Sendable {
    associatedtype Kind: FixedWidthFileKind

    init(layout: Layout)

    /// The header's values, written once per file into every record that carries them.
    static func values(_ header: Kind.Header) -> FileValues

    /// The totals with `detail` added (numbering it), or an error naming the field when
    /// the detail cannot be added. Checked before anything is written.
    func adding(_ detail: Kind.Detail) throws -> Self

    /// Writes one field of `detail`, the last added.
    func write(_ detail: Kind.Detail, _ field: CompiledField, _ writer: FieldWriter) throws

    /// Writes one field of the trailer, from the totals.
    func writeTrailer(_ field: CompiledField, _ writer: FieldWriter) throws

    /// The running totals: what the trailer says.
    var trailer: Kind.Trailer { get }
}
