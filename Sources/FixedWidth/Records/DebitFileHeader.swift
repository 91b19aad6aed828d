/// The values of a debit file's header record.
public struct DebitFileHeader: Sendable, Equatable {
    /// The bank's 3-digit code, e.g. `"114"`.
    public var bankCode: String
    public var creationDate: CalendarDate
    public var debitDate: CalendarDate
    public var period: Period
    public var attempt: Int
    /// 1, 2, … within bank, period and attempt.
    public var sequence: Int

    public init(bankCode: String, creationDate: CalendarDate, debitDate: CalendarDate, period: Period, attempt: Int, sequence: Int) {
        self.bankCode = bankCode
        self.creationDate = creationDate
        self.debitDate = debitDate
        self.period = period
        self.attempt = attempt
        self.sequence = sequence
    }

    /// The name the debit file gets (layouts.md, *References and file names*).
    public var fileName: DebitFileName {
        DebitFileName(bankCode: bankCode, period: period, attempt: attempt, sequence: sequence)
    }
}
