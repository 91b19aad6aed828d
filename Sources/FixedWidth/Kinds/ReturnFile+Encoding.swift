extension ReturnFile {
    /// Writing a return file: codes of the layout that mean the outcome given, nothing
    /// debited unless paid, and the paid and failed counts and amounts.
    public struct Encoding: FileEncoding {
        public typealias Kind = ReturnFile

        private let layoutName: String
        private let responseCodes: [String: ResponseCode]
        private let perRupiah: Int64
        private var detailCount = 0
        private var successCount = 0
        private var successAmount: Int64 = 0
        private var failedCount = 0
        private var totalDebited: Int64 = 0

        public init(layout: Layout) {
            layoutName = layout.name
            responseCodes = layout.responseCodes
            perRupiah = layout.amountUnit.perRupiah
        }

        public static func values(_ header: ReturnFileHeader) -> FileValues {
            // A detail's processing date is its own; the header's is only the default.
            FileValues(
                bankCode: header.bankCode, processingDate: header.processingDate, period: header.period,
                attempt: header.attempt, sequence: header.sequence, detailsOwn: [.processingDate])
        }

        /// The response code must be one of the layout's, with the outcome given, and the
        /// amount debited must be 0 unless that outcome is `paid`.
        public func adding(_ detail: ReturnDetail) throws -> Encoding {
            let code = try responseCode(of: detail)
            let paid = code.outcome == .paid
            guard paid || detail.amountDebited == 0 else {
                throw RecordEncodingError(
                    field: FieldName.amountDebited.rawValue, message: "must be 0 for outcome \(code.outcome)")
            }
            var added = self
            added.totalDebited = try FileTotal.adding(detail.amountDebited, to: totalDebited, field: .totalDebited)
            added.detailCount += 1
            if paid {
                added.successCount += 1
                // Only paid details debit anything, so this cannot exceed the total above.
                added.successAmount += detail.amountDebited
            } else {
                added.failedCount += 1
            }
            return added
        }

        private func responseCode(of detail: ReturnDetail) throws -> ResponseCode {
            guard let code = responseCodes[detail.responseCode] else {
                throw RecordEncodingError(
                    field: FieldName.responseCode.rawValue, message: "'\(detail.responseCode)' is not a code of layout \(layoutName)")
            }
            guard code.outcome == detail.outcome else {
                throw RecordEncodingError(
                    field: FieldName.responseCode.rawValue, message: "'\(code.code)' means \(code.outcome), not \(detail.outcome)")
            }
            return code
        }

        public func write(_ detail: ReturnDetail, _ field: CompiledField, _ writer: FieldWriter) throws {
            switch field.name {
            case .detailNumber: try writer.integer(detailCount, field)
            case .reference: try writer.identifier(detail.reference, field, allowed: .plain)
            case .accountNumber: try writer.identifier(try writer.required(detail.accountNumber, field), field, allowed: .digits)
            case .amountRequested:
                try writer.amount(try writer.required(detail.amountRequested, field), field, perRupiah: perRupiah)
            case .amountDebited: try writer.amount(detail.amountDebited, field, perRupiah: perRupiah)
            case .responseCode: try writer.identifier(detail.responseCode, field, allowed: .printable)
            case .processingDate: try writer.date(detail.processingDate, field)
            case .description: writer.plain(detail.description, field)
            default: throw writer.noValue(field)
            }
        }

        public func writeTrailer(_ field: CompiledField, _ writer: FieldWriter) throws {
            switch field.name {
            case .detailCount: try writer.integer(detailCount, field)
            case .successCount: try writer.integer(successCount, field)
            case .successAmount: try writer.amount(successAmount, field, perRupiah: perRupiah)
            case .failedCount: try writer.integer(failedCount, field)
            case .totalDebited: try writer.amount(totalDebited, field, perRupiah: perRupiah)
            default: throw writer.noValue(field)
            }
        }

        public var trailer: ReturnFileTrailer {
            ReturnFileTrailer(
                detailCount: detailCount, successCount: successCount, successAmount: successAmount,
                failedCount: failedCount, totalDebited: totalDebited)
        }
    }
}
