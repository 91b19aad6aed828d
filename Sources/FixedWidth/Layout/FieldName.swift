/// The name of a field in a layout file, e.g. `account_number`.
///
/// Names are a closed vocabulary: the engine knows what value goes into each, which is
/// what lets a new bank's layout be data only. A layout using an unknown name is rejected.
public struct FieldName: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// Whether the engine knows this name.
    public var isKnown: Bool { FieldKey(rawValue: rawValue) != nil }

    /// Every name a layout may use.
    public static var known: [FieldName] { FieldKey.allCases.map { FieldName(rawValue: $0.rawValue) } }

    public static let recordType = FieldName(rawValue: "record_type")
    public static let bankCode = FieldName(rawValue: "bank_code")
    public static let creationDate = FieldName(rawValue: "creation_date")
    public static let debitDate = FieldName(rawValue: "debit_date")
    public static let processingDate = FieldName(rawValue: "processing_date")
    public static let period = FieldName(rawValue: "period")
    public static let attempt = FieldName(rawValue: "attempt")
    public static let fileSequence = FieldName(rawValue: "file_sequence")
    public static let originator = FieldName(rawValue: "originator")
    public static let reference = FieldName(rawValue: "reference")
    public static let accountNumber = FieldName(rawValue: "account_number")
    public static let accountName = FieldName(rawValue: "account_name")
    public static let amount = FieldName(rawValue: "amount")
    public static let amountRequested = FieldName(rawValue: "amount_requested")
    public static let amountDebited = FieldName(rawValue: "amount_debited")
    public static let jkk = FieldName(rawValue: "jkk")
    public static let jkm = FieldName(rawValue: "jkm")
    public static let jht = FieldName(rawValue: "jht")
    public static let kpj = FieldName(rawValue: "kpj")
    public static let nik = FieldName(rawValue: "nik")
    public static let detailNumber = FieldName(rawValue: "detail_number")
    public static let detailCount = FieldName(rawValue: "detail_count")
    public static let totalAmount = FieldName(rawValue: "total_amount")
    public static let accountHash = FieldName(rawValue: "account_hash")
    public static let successCount = FieldName(rawValue: "success_count")
    public static let successAmount = FieldName(rawValue: "success_amount")
    public static let failedCount = FieldName(rawValue: "failed_count")
    /// Sum of the amounts debited, in a return trailer (bpd-b).
    public static let totalDebited = FieldName(rawValue: "total_debited")
    public static let responseCode = FieldName(rawValue: "response_code")
    public static let description = FieldName(rawValue: "description")
    public static let filler = FieldName(rawValue: "filler")
}
