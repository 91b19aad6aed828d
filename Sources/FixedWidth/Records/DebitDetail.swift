/// One debit instruction, as written into a debit file. Amounts are whole rupiah; the
/// encoder converts them to the layout's unit.
public struct DebitDetail: Sendable, Equatable {
    /// Identifies the instruction for ever; written unchanged, so it must be plain
    /// (`A–Z 0–9`, at most 20 characters by the project's rule).
    public var reference: String
    /// Digits, leading zeros significant; written as is.
    public var accountNumber: String
    /// Any text; plained when written.
    public var accountName: String
    public var amount: Int64
    public var jkk: Int64
    public var jkm: Int64
    public var jht: Int64
    public var kpj: String
    public var nik: String

    public init(
        reference: String, accountNumber: String, accountName: String, amount: Int64,
        jkk: Int64 = 0, jkm: Int64 = 0, jht: Int64 = 0, kpj: String, nik: String
    ) {
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
