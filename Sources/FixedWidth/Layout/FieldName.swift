/// The name of a field in a layout file, e.g. `account_number`.
///
/// Names are a closed vocabulary: the engine knows what value goes into each, which is
/// what lets a new bank's layout be data only. A layout using an unknown name is rejected.
/// An enum, so the per-record code switches on an integer instead of comparing strings;
/// raw values are the names used in layout files.
public enum FieldName: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
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
    /// Sum of the amounts debited, in a return trailer (bpd-b).
    case totalDebited = "total_debited"
    case responseCode = "response_code"
    case description
    case filler

    /// The name as layout files write it (also in messages).
    public var description: String { rawValue }
}
