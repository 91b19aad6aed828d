extension ReturnFile {
    /// Reading a return file: response codes known to the layout, nothing debited on a
    /// failure, and the paid and failed counts and amounts.
    public struct Decoding: FileDecoding {
        public typealias Kind = ReturnFile

        private let responseCodes: [String: ResponseCode]
        private var successCount = 0
        private var failedCount = 0
        /// False once a detail's outcome is unknown: success and failure counts are then
        /// not compared (the unknown code is the error).
        private var outcomesKnown = true
        private var successAmount = RunningTotal()
        private var totalDebited = RunningTotal()

        public init(layout: Layout) {
            responseCodes = layout.responseCodes
        }

        public static func header(_ values: RecordValues) -> ReturnFileHeader? {
            guard let bankCode = values.text(.bankCode), let processingDate = values.date(.processingDate),
                  let period = values.period(.period), let attempt = values.integer(.attempt),
                  let sequence = values.integer(.fileSequence)
            else { return nil }
            return ReturnFileHeader(
                bankCode: bankCode, processingDate: processingDate, period: period, attempt: Int(attempt), sequence: Int(sequence))
        }

        public mutating func detail(
            _ fields: inout FieldReader, numbering: inout DetailNumbering, header: ReturnFileHeader?
        ) -> ReturnDetail? {
            var detailNumber: Int64?, reference: String?, accountNumber: String?, amountRequested: Int64?
            var amountDebited: Int64?, codeText: String?, processingDate: CalendarDate?, description: String?
            for field in fields.record.fields {
                switch field.name {
                case .detailNumber: detailNumber = fields.integer(field)
                case .reference: reference = fields.identifier(field)
                // Banks may mask account numbers in returns: any printable text is accepted.
                case .accountNumber: accountNumber = fields.text(field)
                case .amountRequested: amountRequested = fields.integer(field)
                case .amountDebited: amountDebited = fields.integer(field)
                case .responseCode: codeText = fields.text(field)
                case .processingDate: processingDate = fields.date(field)
                case .description: description = fields.text(field)
                default: _ = fields.read(field)
                }
            }
            numbering.check(detailNumber, &fields)
            let code = responseCode(codeText, amountDebited: amountDebited, &fields)
            add(code, amountDebited: amountDebited)
            guard !fields.failed, let reference, let amountDebited, let code,
                  let processingDate = processingDate ?? header?.processingDate
            else { return nil }
            return ReturnDetail(
                line: fields.line, detailNumber: detailNumber.map(Int.init), reference: reference,
                accountNumber: accountNumber.flatMap { $0.isEmpty ? nil : $0 }, amountRequested: amountRequested,
                amountDebited: amountDebited, responseCode: code.code, outcome: code.outcome, processingDate: processingDate,
                description: description.flatMap { $0.isEmpty ? nil : $0 } ?? code.description)
        }

        /// The layout's meaning of the code; reports an unknown code, and an amount
        /// debited on a code that is not `paid`.
        private func responseCode(_ text: String?, amountDebited: Int64?, _ fields: inout FieldReader) -> ResponseCode? {
            guard let text, let field = fields.record.field(.responseCode) else { return nil }
            guard let code = responseCodes[text] else {
                fields.report(field, "unknown response code \(FieldReader.show(text.utf8))")
                return nil
            }
            if let amountDebited, code.outcome != .paid, amountDebited != 0, let debited = fields.record.field(.amountDebited) {
                fields.report(
                    debited,
                    "amount debited \(amountDebited) with response code '\(code.code)' (\(code.outcome)); must be 0 unless paid")
            }
            return code
        }

        private mutating func add(_ code: ResponseCode?, amountDebited: Int64?) {
            totalDebited.add(amountDebited)
            switch code?.outcome {
            case .paid?:
                successCount += 1
                successAmount.add(amountDebited)
            case _?:
                failedCount += 1
            case nil:
                outcomesKnown = false
            }
        }

        public func compare(_ check: TotalsCheck) {
            if outcomesKnown {
                check.count(.successCount, successCount, what: "paid details")
                check.count(.failedCount, failedCount, what: "failed details")
            }
            check.amount(.successAmount, successAmount, what: "amount debited on paid details")
            check.amount(.totalDebited, totalDebited, what: "total amount debited")
        }

        public func trailer(_ stated: RecordValues) -> ReturnFileTrailer? {
            guard let count = stated.integer(.detailCount) else { return nil }
            return ReturnFileTrailer(
                detailCount: Int(count), successCount: stated.integer(.successCount).map(Int.init),
                successAmount: stated.integer(.successAmount), failedCount: stated.integer(.failedCount).map(Int.init),
                totalDebited: stated.integer(.totalDebited))
        }

        public var totals: Totals {
            Totals(successCount: successCount, successAmount: successAmount.value, failedCount: failedCount,
                   totalDebited: totalDebited.value)
        }
    }
}
