/// The values of a return file's header record: which debit file it answers.
public struct ReturnFileHeader: Sendable, Equatable {
    public var bankCode: String
    public var processingDate: CalendarDate
    public var period: Period
    public var attempt: Int
    /// The file sequence of the debit file answered.
    public var sequence: Int

    public init(bankCode: String, processingDate: CalendarDate, period: Period, attempt: Int, sequence: Int) {
        self.bankCode = bankCode
        self.processingDate = processingDate
        self.period = period
        self.attempt = attempt
        self.sequence = sequence
    }

    /// The name of the debit file this return answers.
    public var debitFileName: DebitFileName {
        DebitFileName(bankCode: bankCode, period: period, attempt: attempt, sequence: sequence)
    }
}
