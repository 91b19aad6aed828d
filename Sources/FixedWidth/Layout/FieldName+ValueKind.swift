extension FieldName {
    /// What kind of value a field holds, which decides the formats it may have.
    enum ValueKind {
        /// The record type: a constant, `X` or `9`.
        case recordType
        /// A constant text such as the originator name: `X` with a value.
        case constantText
        /// An integer count, number or hash: `9`, at most 18 digits.
        case integer
        /// Money: `amount`, at most 18 digits in the layout's unit.
        case money
        /// A date: `YYYYMMDD` or `DDMMYYYY`.
        case date
        /// A period: `YYYYMM` or `MMYYYY`.
        case period
        /// Digits kept as text (bank code, KPJ, NIK): `9` (or `X` for KPJ and NIK).
        case digitString
        /// An identifier written as is, left-justified: `X`.
        case identifier
        /// Free text, plained when written: `X`.
        case freeText
        case filler
    }

    var valueKind: ValueKind {
        switch self {
        case .recordType: return .recordType
        case .originator: return .constantText
        case .attempt, .fileSequence, .detailNumber, .detailCount, .accountHash, .successCount, .failedCount:
            return .integer
        case .amount, .amountRequested, .amountDebited, .jkk, .jkm, .jht, .totalAmount, .successAmount, .totalDebited:
            return .money
        case .creationDate, .debitDate, .processingDate: return .date
        case .period: return .period
        case .bankCode, .kpj, .nik: return .digitString
        case .reference, .accountNumber, .responseCode: return .identifier
        case .accountName, .description: return .freeText
        case .filler: return .filler
        }
    }
}
