extension FieldName {
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
}
