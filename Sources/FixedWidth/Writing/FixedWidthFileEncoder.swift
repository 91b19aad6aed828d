/// Writes the records of one debit or return file in a layout, keeping its control totals.
///
/// Built for volume: the records are compiled once per layout, the file's header values
/// are written into the templates once per file, and each detail is one template copy
/// plus a few field writes into the caller's reusable buffer.
///
///     var encoder = try FixedWidthFileEncoder<DebitFile>(layout: layout, header: header)
///     try encoder.encodeHeader(into: &buffer)
///     for detail in details { try encoder.encode(detail, into: &buffer) }   // flush buffer as it grows
///     try encoder.encodeTrailer(into: &buffer)
public struct FixedWidthFileEncoder<Kind: FixedWidthFileKind>: Sendable {
    public let layout: Layout
    public let header: Kind.Header

    private let headerRecord: [UInt8]
    private let detailRecord: PreparedRecord
    private let trailerRecord: PreparedRecord
    private var encoding: Kind.Encoding

    /// Throws `RecordEncodingError` when a header value does not fit its field.
    public init(layout: Layout, header: Kind.Header) throws {
        self.layout = layout
        self.header = header
        let file = layout.compiled(Kind.fileKind)
        let values = Kind.Encoding.values(header)
        headerRecord = try values.prepare(file.header, lineEnding: layout.lineEnding).template
        detailRecord = try values.prepare(file.detail, lineEnding: layout.lineEnding)
        trailerRecord = try values.prepare(file.trailer, lineEnding: layout.lineEnding)
        encoding = Kind.Encoding(layout: layout)
    }

    /// The running totals: what the trailer will say.
    public var trailer: Kind.Trailer { encoding.trailer }

    /// Appends the header record and the line ending.
    public func encodeHeader(into buffer: inout [UInt8]) throws {
        buffer.append(contentsOf: headerRecord)
    }

    /// Appends one detail record and the line ending; numbers it (1, 2, …; a detail's own
    /// line and number are ignored) and adds it to the totals. On error nothing is
    /// appended and the totals are unchanged.
    public mutating func encode(_ detail: Kind.Detail, into buffer: inout [UInt8]) throws {
        let added = try encoding.adding(detail)
        try detailRecord.append(to: &buffer) { field, writer in try added.write(detail, field, writer) }
        encoding = added
    }

    /// Appends the trailer record (with the totals so far) and the line ending.
    public func encodeTrailer(into buffer: inout [UInt8]) throws {
        try trailerRecord.append(to: &buffer) { field, writer in try encoding.writeTrailer(field, writer) }
    }
}
