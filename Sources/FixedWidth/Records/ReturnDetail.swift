/// The bank's answer to one debit instruction. Amounts are whole rupiah.
///
/// Optional values are those only some layouts carry (`bpd-b` has no account number or
/// amount requested; `bpd-a` has no detail number).
public struct ReturnDetail: Sendable, Equatable {
    /// Line in the return file (1-based); 0 for a detail not read from a file.
    public var line: Int
    public var detailNumber: Int?
    public var reference: String
    public var accountNumber: String?
    public var amountRequested: Int64?
    /// 0 unless the outcome is `paid`.
    public var amountDebited: Int64
    public var responseCode: String
    public var outcome: OutcomeClass
    /// The detail's own processing date, or the header's when the layout has none per detail.
    public var processingDate: CalendarDate
    /// The bank's remark; the layout's description of the code when the bank leaves it blank.
    public var description: String

    public init(
        line: Int = 0, detailNumber: Int? = nil, reference: String, accountNumber: String? = nil,
        amountRequested: Int64? = nil, amountDebited: Int64, responseCode: String, outcome: OutcomeClass,
        processingDate: CalendarDate, description: String
    ) {
        self.line = line
        self.detailNumber = detailNumber
        self.reference = reference
        self.accountNumber = accountNumber
        self.amountRequested = amountRequested
        self.amountDebited = amountDebited
        self.responseCode = responseCode
        self.outcome = outcome
        self.processingDate = processingDate
        self.description = description
    }
}
