/// Writes the records of one debit file in a layout, keeping its control totals.
///
/// Built for volume: the records are compiled once per layout, the file's header values
/// are written into the templates once per file, and each detail is one template copy
/// plus a few field writes into the caller's reusable buffer.
///
///     var encoder = try DebitFileEncoder(layout: layout, header: header)
///     try encoder.encodeHeader(into: &buffer)
///     for detail in details { try encoder.encode(detail, into: &buffer) }   // flush buffer as it grows
///     try encoder.encodeTrailer(into: &buffer)
public struct DebitFileEncoder: Sendable {
    public let layout: Layout
    public let header: DebitFileHeader

    private let headerRecord: [UInt8]
    private let detailTemplate: [UInt8]
    private let detailFields: [CompiledField]
    private let trailerTemplate: [UInt8]
    private let trailerFields: [CompiledField]
    private let trailerHashField: CompiledField?
    private let perRupiah: Int64
    /// Whether the layout carries JKK, JKM and JHT, so the amount must be their sum.
    private let hasParts: Bool
    private let capacity: Int

    private var detailCount = 0
    private var totalAmount: Int64 = 0
    private var accountHash: Int64 = 0

    /// Throws `RecordEncodingError` when a header value does not fit its field.
    public init(layout: Layout, header: DebitFileHeader) throws {
        self.layout = layout
        self.header = header
        let file = layout.compiledDebit
        let values = FileValues(header)
        headerRecord = try values.prepare(file.header, lineEnding: layout.lineEnding).template
        (detailTemplate, detailFields) = try values.prepare(file.detail, lineEnding: layout.lineEnding)
        (trailerTemplate, trailerFields) = try values.prepare(file.trailer, lineEnding: layout.lineEnding)
        trailerHashField = file.trailer.field(.accountHash)
        perRupiah = layout.amountUnit.perRupiah
        hasParts = file.detail.has(.jkk) && file.detail.has(.jkm) && file.detail.has(.jht)
        capacity = layout.debitCapacity
    }

    /// The running totals: what the trailer will say.
    public var trailer: DebitFileTrailer {
        DebitFileTrailer(detailCount: detailCount, totalAmount: totalAmount, accountHash: accountHash)
    }

    /// Appends the header record and the line ending.
    public func encodeHeader(into buffer: inout [UInt8]) throws {
        buffer.append(contentsOf: headerRecord)
    }

    /// Appends one detail record and the line ending; numbers it (1, 2, …) and adds it to
    /// the totals. On error nothing is appended and the totals are unchanged.
    public mutating func encode(_ detail: DebitDetail, into buffer: inout [UInt8]) throws {
        let number = detailCount + 1
        guard number <= capacity else {
            throw RecordEncodingError(
                field: FieldName.detailCount.rawValue,
                message: "the file is full: layout \(layout.name) holds at most \(capacity) details")
        }
        if hasParts {
            let (parts, overflow) = Self.sum(detail.jkk, detail.jkm, detail.jht)
            guard !overflow, parts == detail.amount else {
                throw RecordEncodingError(
                    field: FieldName.amount.rawValue,
                    message: "amount \(detail.amount) is not the sum of jkk \(detail.jkk), jkm \(detail.jkm) and jht \(detail.jht)")
            }
        }
        let (newTotal, overflow) = totalAmount.addingReportingOverflow(detail.amount)
        guard !overflow else {
            throw RecordEncodingError(field: FieldName.totalAmount.rawValue, message: "the file total overflows")
        }
        let start = buffer.count
        buffer.append(contentsOf: detailTemplate)
        do {
            try buffer.withUnsafeMutableBufferPointer { pointer in
                let writer = FieldWriter(buffer: pointer, base: start)
                for field in detailFields {
                    switch field.name {
                    case .detailNumber: try writer.integer(number, field)
                    case .reference: try writer.identifier(detail.reference, field, allowed: .plain)
                    case .accountNumber: try writer.identifier(detail.accountNumber, field, allowed: .digits)
                    case .accountName: writer.plain(detail.accountName, field)
                    case .amount: try writer.amount(detail.amount, field, perRupiah: perRupiah)
                    case .jkk: try writer.amount(detail.jkk, field, perRupiah: perRupiah)
                    case .jkm: try writer.amount(detail.jkm, field, perRupiah: perRupiah)
                    case .jht: try writer.amount(detail.jht, field, perRupiah: perRupiah)
                    case .kpj: try writer.digitString(detail.kpj, field)
                    case .nik: try writer.digitString(detail.nik, field)
                    default:
                        // The checker allows nothing else in a debit detail.
                        throw RecordEncodingError(field: field.name.rawValue, message: "no value for this field in a debit detail")
                    }
                }
            }
        } catch {
            buffer.removeSubrange(start...)
            throw error
        }
        // The account number is digits (checked while writing it).
        accountHash = AccountHash.adding(detail.accountNumber, to: accountHash)
        detailCount = number
        totalAmount = newTotal
    }

    /// Appends the trailer record (with the totals so far) and the line ending.
    public func encodeTrailer(into buffer: inout [UInt8]) throws {
        let start = buffer.count
        buffer.append(contentsOf: trailerTemplate)
        do {
            try buffer.withUnsafeMutableBufferPointer { pointer in
                let writer = FieldWriter(buffer: pointer, base: start)
                for field in trailerFields {
                    switch field.name {
                    case .detailCount: try writer.integer(detailCount, field)
                    case .totalAmount: try writer.amount(totalAmount, field, perRupiah: perRupiah)
                    case .accountHash: _ = writer.digits(UInt64(AccountHash.reduced(accountHash, toDigits: field.length)), field)
                    default:
                        throw RecordEncodingError(field: field.name.rawValue, message: "no value for this field in a debit trailer")
                    }
                }
            }
        } catch {
            buffer.removeSubrange(start...)
            throw error
        }
    }

    private static func sum(_ a: Int64, _ b: Int64, _ c: Int64) -> (Int64, Bool) {
        let (ab, first) = a.addingReportingOverflow(b)
        let (abc, second) = ab.addingReportingOverflow(c)
        return (abc, first || second)
    }
}
