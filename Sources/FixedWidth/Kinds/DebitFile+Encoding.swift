extension DebitFile {
    /// Writing a debit file: the layout's capacity, amounts that are the sum of their
    /// parts (where the layout carries them), the total and the account hash.
    public struct Encoding: FileEncoding {
        public typealias Kind = DebitFile

        private let layoutName: String
        private let perRupiah: Int64
        private let hasParts: Bool
        private let capacity: Int
        private var detailCount = 0
        private var totalAmount: Int64 = 0
        private var accountHash: Int64 = 0

        public init(layout: Layout) {
            layoutName = layout.name
            perRupiah = layout.amountUnit.perRupiah
            hasParts = DebitFile.hasParts(layout)
            capacity = layout.debitCapacity
        }

        public static func values(_ header: DebitFileHeader) -> FileValues {
            FileValues(
                bankCode: header.bankCode, creationDate: header.creationDate, debitDate: header.debitDate,
                period: header.period, attempt: header.attempt, sequence: header.sequence)
        }

        public func adding(_ detail: DebitDetail) throws -> Encoding {
            guard detailCount < capacity else {
                throw RecordEncodingError(
                    field: FieldName.detailCount.rawValue,
                    message: "the file is full: layout \(layoutName) holds at most \(capacity) details")
            }
            if hasParts, let jkk = detail.jkk, let jkm = detail.jkm, let jht = detail.jht,
               DebitDetail.sum(jkk, jkm, jht) != detail.amount {
                throw RecordEncodingError(
                    field: FieldName.amount.rawValue,
                    message: "amount \(detail.amount) is not the sum of jkk \(jkk), jkm \(jkm) and jht \(jht)")
            }
            var added = self
            added.totalAmount = try FileTotal.adding(detail.amount, to: totalAmount, field: .totalAmount)
            added.detailCount += 1
            // An account number that is not digits adds nothing here, and fails to be written.
            added.accountHash = AccountHash.adding(detail.accountNumber, to: accountHash)
            return added
        }

        public func write(_ detail: DebitDetail, _ field: CompiledField, _ writer: FieldWriter) throws {
            switch field.name {
            case .detailNumber: try writer.integer(detailCount, field)
            case .reference: try writer.identifier(detail.reference, field, allowed: .plain)
            case .accountNumber: try writer.identifier(detail.accountNumber, field, allowed: .digits)
            case .accountName: writer.plain(try writer.required(detail.accountName, field), field)
            case .amount: try writer.amount(detail.amount, field, perRupiah: perRupiah)
            case .jkk: try writer.amount(try writer.required(detail.jkk, field), field, perRupiah: perRupiah)
            case .jkm: try writer.amount(try writer.required(detail.jkm, field), field, perRupiah: perRupiah)
            case .jht: try writer.amount(try writer.required(detail.jht, field), field, perRupiah: perRupiah)
            case .kpj: try writer.digitString(try writer.required(detail.kpj, field), field)
            case .nik: try writer.digitString(try writer.required(detail.nik, field), field)
            default: throw writer.noValue(field)
            }
        }

        public func writeTrailer(_ field: CompiledField, _ writer: FieldWriter) throws {
            switch field.name {
            case .detailCount: try writer.integer(detailCount, field)
            case .totalAmount: try writer.amount(totalAmount, field, perRupiah: perRupiah)
            case .accountHash: _ = writer.digits(UInt64(AccountHash.reduced(accountHash, toDigits: field.length)), field)
            default: throw writer.noValue(field)
            }
        }

        public var trailer: DebitFileTrailer {
            DebitFileTrailer(detailCount: detailCount, totalAmount: totalAmount, accountHash: accountHash)
        }
    }
}
