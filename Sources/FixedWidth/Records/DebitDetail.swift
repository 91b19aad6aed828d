/// One debit instruction: as written into a debit file, or as read back from one.
/// Amounts are whole rupiah; the encoder converts them to the layout's unit.
///
/// Optional values are those a layout may not carry (`bpd-a` has no JKK, JKM, JHT or
/// detail number): reading leaves them nil, and writing needs them only where the layout
/// has the field.
public struct DebitDetail: Sendable, Equatable {
    /// Line in the file (1-based); 0 for a detail not read from a file.
    public var line: Int
    /// As read; when writing, details are numbered 1, 2, … whatever this says.
    public var detailNumber: Int?
    /// Identifies the instruction for ever; written unchanged, so it must be plain
    /// (`A–Z 0–9`, at most 20 characters by the project's rule).
    public var reference: String
    /// Digits, leading zeros significant; written as is.
    public var accountNumber: String
    /// Any text; plained when written.
    public var accountName: String?
    public var amount: Int64
    public var jkk: Int64?
    public var jkm: Int64?
    public var jht: Int64?
    public var kpj: String?
    public var nik: String?

    public init(
        line: Int = 0, detailNumber: Int? = nil, reference: String, accountNumber: String, accountName: String? = nil,
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
