/// One of the six record kinds of a layout, with the field names each must and may have.
struct RecordKind: Hashable, Sendable, CustomStringConvertible {
    let file: FileKind
    let role: RecordRole

    static let all: [RecordKind] = FileKind.allCases.flatMap { file in
        RecordRole.allCases.map { RecordKind(file: file, role: $0) }
    }

    /// "debit detail", "return trailer": how problems and errors name a record.
    var description: String { "\(file) \(role)" }

    /// Fields without which the engine cannot write or check the record (see the brief
    /// and layouts.md: every control value the reader compares must be present).
    var required: [FieldName] {
        switch (file, role) {
        case (.debit, .header): return [.recordType, .bankCode, .creationDate, .debitDate, .period, .attempt, .fileSequence]
        case (.debit, .detail): return [.recordType, .reference, .accountNumber, .amount]
        case (.debit, .trailer): return [.recordType, .detailCount, .totalAmount]
        case (.returns, .header): return [.recordType, .bankCode, .processingDate, .period, .attempt, .fileSequence]
        case (.returns, .detail): return [.recordType, .reference, .amountDebited, .responseCode]
        case (.returns, .trailer): return [.recordType, .detailCount]
        }
    }

    /// Fields the engine can fill in (when writing) and understands (when reading).
    /// Details and trailers may repeat values of their file's header (bank code, period…),
    /// which some banks ask for on every record.
    var allowed: Set<FieldName> {
        let headerValues: Set<FieldName>
        switch file {
        case .debit: headerValues = [.bankCode, .creationDate, .debitDate, .period, .attempt, .fileSequence, .originator]
        case .returns: headerValues = [.bankCode, .processingDate, .period, .attempt, .fileSequence, .originator]
        }
        let own: Set<FieldName>
        switch (file, role) {
        case (_, .header): own = []
        case (.debit, .detail): own = [.detailNumber, .reference, .accountNumber, .accountName, .amount, .jkk, .jkm, .jht, .kpj, .nik]
        case (.debit, .trailer): own = [.detailCount, .totalAmount, .accountHash]
        case (.returns, .detail):
            own = [.detailNumber, .reference, .accountNumber, .amountRequested, .amountDebited, .responseCode,
                   .processingDate, .description]
        case (.returns, .trailer): own = [.detailCount, .successCount, .successAmount, .failedCount, .totalDebited]
        }
        return headerValues.union(own).union([.recordType, .filler])
    }
}
