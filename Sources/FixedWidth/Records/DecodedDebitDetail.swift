/// A debit detail read back from a debit file. Amounts are whole rupiah; optional values
/// are those the layout may not carry.
public struct DecodedDebitDetail: Sendable, Equatable {
    /// Line in the file (1-based).
    public var line: Int
    public var detailNumber: Int?
    public var reference: String
    public var accountNumber: String
    public var accountName: String?
    public var amount: Int64
    public var jkk: Int64?
    public var jkm: Int64?
    public var jht: Int64?
    public var kpj: String?
    public var nik: String?

    public init(
        line: Int, detailNumber: Int? = nil, reference: String, accountNumber: String, accountName: String? = nil,
        amount: Int64, jkk: Int64? = nil, jkm: Int64? = nil, jht: Int64? = nil, kpj: String? = nil, nik: String? = nil
    ) {
        self.line = line
        self.detailNumber = detailNumber
        self.reference = reference
        self.accountNumber = accountNumber
        self.accountName = accountName
        self.amount = amount
        self.jkk = jkk
        self.jkm = jkm
        self.jht = jht
        self.kpj = kpj
        self.nik = nik
    }
}
