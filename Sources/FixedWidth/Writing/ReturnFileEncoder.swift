/// Writes the records of one return file in a layout, keeping its control totals: what
/// a bank writes in answer to a debit file (used by the bank simulator and in tests).
public struct ReturnFileEncoder: Sendable {
    public let layout: Layout
    public let header: ReturnFileHeader

    private let headerRecord: [UInt8]
    private let detailTemplate: [UInt8]
    private let detailFields: [CompiledField]
    private let trailerTemplate: [UInt8]
    private let trailerFields: [CompiledField]
    private let perRupiah: Int64

    private var detailCount = 0
    private var successCount = 0
    private var successAmount: Int64 = 0
    private var failedCount = 0
    private var totalDebited: Int64 = 0

    /// Throws `RecordEncodingError` when a header value does not fit its field.
    public init(layout: Layout, header: ReturnFileHeader) throws {
        self.layout = layout
        self.header = header
        let file = layout.compiledReturns
        let values = FileValues(header)
        headerRecord = try values.prepare(file.header, lineEnding: layout.lineEnding).template
        // A detail's processing date is its own; the header's is only the default.
        (detailTemplate, detailFields) = try values.prepare(
            file.detail, lineEnding: layout.lineEnding, perRecord: [.processingDate])
        (trailerTemplate, trailerFields) = try values.prepare(file.trailer, lineEnding: layout.lineEnding)
        perRupiah = layout.amountUnit.perRupiah
    }

    /// The running totals: what the trailer will say.
    public var trailer: ReturnFileTrailer {
        ReturnFileTrailer(
            detailCount: detailCount, successCount: successCount, successAmount: successAmount,
            failedCount: failedCount, totalDebited: totalDebited)
    }

    public func encodeHeader(into buffer: inout [UInt8]) throws {
        buffer.append(contentsOf: headerRecord)
    }

    /// Appends one detail record. Its `line` and `detailNumber` are ignored (details are
    /// numbered 1, 2, …); its response code must be one of the layout's, with the outcome
    /// given, and the amount debited must be 0 unless that outcome is `paid`.
    public mutating func encode(_ detail: ReturnDetail, into buffer: inout [UInt8]) throws {
        guard let code = layout.responseCodes[detail.responseCode] else {
            throw RecordEncodingError(
                field: FieldName.responseCode.rawValue, message: "'\(detail.responseCode)' is not a code of layout \(layout.name)")
        }
        guard code.outcome == detail.outcome else {
            throw RecordEncodingError(
                field: FieldName.responseCode.rawValue,
                message: "'\(code.code)' means \(code.outcome), not \(detail.outcome)")
        }
        let paid = code.outcome == .paid
        guard paid || detail.amountDebited == 0 else {
            throw RecordEncodingError(
                field: FieldName.amountDebited.rawValue, message: "must be 0 for outcome \(code.outcome)")
        }
        let (newDebited, overflow) = totalDebited.addingReportingOverflow(detail.amountDebited)
        guard !overflow else {
            throw RecordEncodingError(field: FieldName.totalDebited.rawValue, message: "the file total overflows")
        }
        let number = detailCount + 1
        let start = buffer.count
        buffer.append(contentsOf: detailTemplate)
        do {
            try buffer.withUnsafeMutableBufferPointer { pointer in
                let writer = FieldWriter(buffer: pointer, base: start)
                for field in detailFields {
                    switch field.name {
                    case .detailNumber: try writer.integer(number, field)
                    case .reference: try writer.identifier(detail.reference, field, allowed: .plain)
                    case .accountNumber:
                        try writer.identifier(try Self.required(detail.accountNumber, field), field, allowed: .digits)
                    case .amountRequested:
                        try writer.amount(try Self.required(detail.amountRequested, field), field, perRupiah: perRupiah)
                    case .amountDebited: try writer.amount(detail.amountDebited, field, perRupiah: perRupiah)
                    case .responseCode: try writer.identifier(detail.responseCode, field, allowed: .printable)
                    case .processingDate: try writer.date(detail.processingDate, field)
                    case .description: writer.plain(detail.description, field)
                    default:
                        throw RecordEncodingError(field: field.name.rawValue, message: "no value for this field in a return detail")
                    }
                }
            }
        } catch {
            buffer.removeSubrange(start...)
            throw error
        }
        detailCount = number
        totalDebited = newDebited
        if paid {
            successCount += 1
            // Only paid details debit anything, so this cannot exceed the total above.
            successAmount += detail.amountDebited
        } else {
            failedCount += 1
        }
    }

    public func encodeTrailer(into buffer: inout [UInt8]) throws {
        let start = buffer.count
        buffer.append(contentsOf: trailerTemplate)
        do {
            try buffer.withUnsafeMutableBufferPointer { pointer in
                let writer = FieldWriter(buffer: pointer, base: start)
                for field in trailerFields {
                    switch field.name {
                    case .detailCount: try writer.integer(detailCount, field)
                    case .successCount: try writer.integer(successCount, field)
                    case .successAmount: try writer.amount(successAmount, field, perRupiah: perRupiah)
                    case .failedCount: try writer.integer(failedCount, field)
                    case .totalDebited: try writer.amount(totalDebited, field, perRupiah: perRupiah)
                    default:
                        throw RecordEncodingError(field: field.name.rawValue, message: "no value for this field in a return trailer")
                    }
                }
            }
        } catch {
            buffer.removeSubrange(start...)
            throw error
        }
    }

    private static func required<T>(_ value: T?, _ field: CompiledField) throws -> T {
        guard let value else {
            throw RecordEncodingError(field: field.name.rawValue, message: "layout needs a value, none given")
        }
        return value
    }
}
