/// The name of a debit file: `AD_<bank>_<YYYYMM>_A<attempt>_S<seq, 4 digits>.txt`,
/// e.g. `AD_114_202612_A1_S0001.txt` (layouts.md, *References and file names*).
public struct DebitFileName: Hashable, Sendable, CustomStringConvertible {
    public var bankCode: String
    public var period: Period
    public var attempt: Int
    public var sequence: Int

    public init(bankCode: String, period: Period, attempt: Int, sequence: Int) {
        self.bankCode = bankCode
        self.period = period
        self.attempt = attempt
        self.sequence = sequence
    }

    /// Parses a file name strictly (the `.txt` extension included); nil for anything else.
    public init?(_ name: String) {
        let parts = name.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "AD", name.hasSuffix(".txt") else { return nil }
        let bank = parts[1]
        let periodText = parts[2]
        let attemptText = parts[3]
        let sequenceText = parts[4].dropLast(4)   // ".txt"
        guard ASCII.isAllDigits(bank.utf8), bank.utf8.count == 3,
              periodText.utf8.count == 6, ASCII.isAllDigits(periodText.utf8),
              let year = Int(periodText.prefix(4)), let month = Int(periodText.suffix(2)),
              let period = Period(year: year, month: month),
              attemptText.first == "A", ASCII.isAllDigits(attemptText.dropFirst().utf8),
              attemptText.utf8.count <= 3, let attempt = Int(attemptText.dropFirst()),
              sequenceText.first == "S", sequenceText.utf8.count == 5, ASCII.isAllDigits(sequenceText.dropFirst().utf8),
              let sequence = Int(sequenceText.dropFirst())
        else { return nil }
        self.init(bankCode: String(bank), period: period, attempt: attempt, sequence: sequence)
        // One spelling per file: `A01` or `S00001` are not names Autodebet writes.
        guard description == name else { return nil }
    }

    /// `AD_114_202612_A1_S0001.txt`
    public var description: String {
        "AD_\(bankCode)_\(period.compact)_A\(attempt)_S\(Digits.padded(sequence, 4)).txt"
    }
}
