import FixedWidth

/// A debit file written (or found already written) by `generate`.
public struct GeneratedFile: Sendable, Equatable {
    public var name: String
    public var recordCount: Int
    public var totalAmount: Int64
    public var sha256: String
    /// Whether the file is in the output directory now (for files of an earlier run).
    public var present: Bool
}

/// What `generate` did, or would do, for one bank.
public struct BankGeneration: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case written
        case alreadyGenerated
        case wouldWrite
        case nothingDue(String)
    }

    public var bank: Bank
    public var attempt: Int
    public var debitDate: CalendarDate?
    public var status: Status
    public var files: [GeneratedFile] = []
    public var debits = 0
    public var totalAmount: Int64 = 0
    /// Why no further attempt is due, for an attempt already generated.
    public var note: String?
    /// Whether the files replace the attempt's cancelled ones (same attempt, new references).
    public var replacement = false
}

public struct GenerationReport: Sendable, Equatable {
    public var period: Period
    public var outputDirectory: String
    public var dryRun: Bool
    public var banks: [BankGeneration] = []
    /// Recorded files found missing from the directory and written again from the database.
    public var rewritten: [GeneratedFile] = []

    public var debits: Int { banks.reduce(0) { $0 + $1.debits } }
    public var totalAmount: Int64 { banks.reduce(0) { $0 + $1.totalAmount } }
}
