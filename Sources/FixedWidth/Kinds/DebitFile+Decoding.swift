import PersonalData
extension DebitFile {
    /// Reading a debit file: its details' amounts (the sum of their parts, where the layout
    /// carries them) and the account hash.
    public struct Decoding: FileDecoding {
        public typealias Kind = DebitFile

        private let hasParts: Bool
        private var total = RunningTotal()
        private var accountHash: Int64 = 0
        private var accountHashKnown = true

        public init(layout: Layout) {
            hasParts = DebitFile.hasParts(layout)
        }

        public static func header(_ values: RecordValues) -> DebitFileHeader? {
            guard let bankCode = values.text(.bankCode), let creationDate = values.date(.creationDate),
                  let debitDate = values.date(.debitDate), let period = values.period(.period),
                  let attempt = values.integer(.attempt), let sequence = values.integer(.fileSequence)
            else { return nil }
            return DebitFileHeader(
                bankCode: bankCode, creationDate: creationDate, debitDate: debitDate, period: period,
                attempt: Int(attempt), sequence: Int(sequence))
        }

        public mutating func detail(
            _ fields: inout FieldReader, numbering: inout DetailNumbering, header: DebitFileHeader?
        ) -> DebitDetail? {
            var detailNumber: Int64?, reference: String?, accountNumber: String?, accountName: String?
            var amount: Int64?, jkk: Int64?, jkm: Int64?, jht: Int64?, kpj: String?, nik: String?
            for field in fields.record.fields {
                switch field.name {
                case .detailNumber: detailNumber = fields.integer(field)
                case .reference: reference = fields.identifier(field)
                case .accountNumber: accountNumber = fields.identifier(field, digitsOnly: true)
                case .accountName: accountName = fields.text(field)
                case .amount: amount = fields.integer(field)
                case .jkk: jkk = fields.integer(field)
                case .jkm: jkm = fields.integer(field)
                case .jht: jht = fields.integer(field)
                case .kpj: kpj = fields.identifier(field, digitsOnly: true)
                case .nik: nik = fields.identifier(field, digitsOnly: true)
                default: _ = fields.read(field)
                }
            }
            numbering.check(detailNumber, &fields)
            if hasParts, let amount, let jkk, let jkm, let jht, DebitDetail.sum(jkk, jkm, jht) != amount,
               let field = fields.record.field(.amount) {
                fields.report(field, "amount \(amount.groupedDigits) is not jkk + jkm + jht (\(jkk.groupedDigits) + \(jkm.groupedDigits) + \(jht.groupedDigits))")
            }
            add(amount, accountNumber: accountNumber)
            guard !fields.failed, let reference, let accountNumber, let amount else { return nil }
            return DebitDetail(
                line: fields.line, detailNumber: detailNumber.map(Int.init), reference: reference,
                accountNumber: accountNumber, accountName: accountName, amount: amount,
                jkk: jkk, jkm: jkm, jht: jht, kpj: kpj, nik: nik)
        }

        private mutating func add(_ amount: Int64?, accountNumber: String?) {
            total.add(amount)
            if let accountNumber, let value = AccountHash.value(of: accountNumber.utf8) {
                accountHash = AccountHash.adding(value, to: accountHash)
            } else {
                accountHashKnown = false
            }
        }

        public func compare(_ check: TotalsCheck) {
            check.amount(.totalAmount, total, what: "total amount")
            guard accountHashKnown, let stated = check.stated.integer(.accountHash),
                  let field = check.trailer.field(.accountHash)
            else { return }
            if stated != AccountHash.reduced(accountHash, toDigits: field.length) {
                // The hashes themselves are derived from account numbers: not shown.
                check.report(field, "account hash does not match the details' account numbers")
            }
        }

        public func trailer(_ stated: RecordValues) -> DebitFileTrailer? {
            guard let count = stated.integer(.detailCount), let totalAmount = stated.integer(.totalAmount) else { return nil }
            // A layout without a hash field: the trailer carries the computed one.
            return DebitFileTrailer(
                detailCount: Int(count), totalAmount: totalAmount, accountHash: stated.integer(.accountHash) ?? accountHash)
        }

        public var totals: Totals { Totals(totalAmount: total.value, accountHash: accountHash) }
    }
}
