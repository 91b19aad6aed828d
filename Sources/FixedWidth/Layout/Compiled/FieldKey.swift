/// The engine's own view of a field name: an enum, so the per-record code switches on an
/// integer instead of comparing strings. Raw values are the names used in layout files.
enum FieldKey: String, CaseIterable, Sendable {
    case recordType = "record_type"
    case bankCode = "bank_code"
    case creationDate = "creation_date"
    case debitDate = "debit_date"
    case processingDate = "processing_date"
    case period
    case attempt
    case fileSequence = "file_sequence"
    case originator
    case reference
    case accountNumber = "account_number"
    case accountName = "account_name"
    case amount
    case amountRequested = "amount_requested"
    case amountDebited = "amount_debited"
    case jkk
    case jkm
    case jht
    case kpj
    case nik
    case detailNumber = "detail_number"
    case detailCount = "detail_count"
    case totalAmount = "total_amount"
    case accountHash = "account_hash"
    case successCount = "success_count"
    case successAmount = "success_amount"
    case failedCount = "failed_count"
    case totalDebited = "total_debited"
    case responseCode = "response_code"
    case description
    case filler

    /// What kind of value the field holds, which decides the formats it may have.
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

    /// Formats a layout may give this field.
    func allows(_ format: FieldFormat) -> Bool {
        switch (valueKind, format) {
        case (.recordType, .text), (.recordType, .numeric): return true
        case (.constantText, .text): return true
        case (.integer, .numeric): return true
        case (.money, .amount): return true
        case (.date, .date), (.period, .period): return true
        case (.digitString, .numeric): return true
        case (.digitString, .text): return self != .bankCode
        case (.identifier, .text), (.freeText, .text): return true
        case (.filler, .filler): return true
        default: return false
        }
    }

    var allowedFormatsText: String {
        switch valueKind {
        case .recordType: return "X or 9 (with a value)"
        case .constantText: return "X (with a value)"
        case .integer: return "9"
        case .money: return "amount"
        case .date: return "YYYYMMDD or DDMMYYYY"
        case .period: return "YYYYMM or MMYYYY"
        case .digitString: return self == .bankCode ? "9" : "9 or X"
        case .identifier, .freeText: return "X"
        case .filler: return "filler"
        }
    }

    /// Whether the field is a constant given in the layout (`value`); only these may have one.
    var isConstant: Bool { valueKind == .recordType || valueKind == .constantText }

    var name: FieldName { FieldName(rawValue: rawValue) }
}
