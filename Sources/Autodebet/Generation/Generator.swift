import FixedWidth
import Logging
import PostgresClient
#if canImport(Glibc)
import Glibc
#endif

/// `autodebet generate`: the next due attempt's debit files for a period, per bank.
///
/// One transaction for the banks of a run: a single statement selects who is due (SQL
/// function autodebet.attempt_due: the mandates for attempt 1, the retryable failures
/// of attempt N for attempt N+1), inserts their instructions and streams the
/// same rows back by COPY, bank by bank, which this type encodes in each bank's layout
/// into files split at the smaller of the layout's capacity and the bank's
/// max_records_per_file. Each file is written and fsynced under a temporary name
/// (AtomicFile), the transaction records the attempts and their files, with SHA-256,
/// count and total, and only after COMMIT are the files renamed into place. A crash
/// before the commit leaves no record and no named file, and the rerun generates again;
/// after the commit, a rerun finds the attempts, changes nothing, and writes again from
/// the database any recorded file missing from the directory.
public struct Generator {
    public struct Request: Sendable {
        public var period: Period
        /// Bank codes to generate for; empty means every active bank.
        public var bankCodes: [String]
        public var outputDirectory: String
        public var debitDate: CalendarDate?
        public var dryRun: Bool
        public var completion: Completion

        public init(period: Period, bankCodes: [String] = [], outputDirectory: String,
                    debitDate: CalendarDate? = nil, dryRun: Bool = false, completion: Completion = .everyMissing) {
            self.period = period
            self.bankCodes = bankCodes
            self.outputDirectory = outputDirectory
            self.debitDate = debitDate
            self.dryRun = dryRun
            self.completion = completion
        }
    }

    let connection: PostgresConnection
    let layouts: LayoutCatalog
    let today: CalendarDate
    let environment: [String: String]
    let logger: Logger

    public init(connection: PostgresConnection, layouts: LayoutCatalog, today: CalendarDate,
                environment: [String: String], logger: Logger) {
        self.connection = connection
        self.layouts = layouts
        self.today = today
        self.environment = environment
        self.logger = logger
    }

    public func run(_ request: Request) throws -> GenerationReport {
        let period = request.period
        try connection.acquire(.period(period))
        defer { try? connection.release(.period(period)) }

        let banks = try selectBanks(request.bankCodes)
        try checkContributionRules(period)
        let calendar = try BusinessCalendar.load(connection)
        if let chosen = request.debitDate { try checkChosenDebitDate(chosen, calendar: calendar) }
        if !request.dryRun { try FileSystem.prepareDirectory(request.outputDirectory) }

        var report = GenerationReport(period: period, outputDirectory: request.outputDirectory, dryRun: request.dryRun)
        if !request.dryRun {
            report.rewritten = try completeRecordedFiles(period: period, banks: banks, directory: request.outputDirectory,
                                                         completion: request.completion)
        }
        var due: [PlannedBank] = []
        for bank in banks {
            switch try nextAttempt(bank: bank, period: period) {
            case .due(let attempt):
                due.append(try plan(bank, attempt: attempt, request: request, calendar: calendar))
            case .replacement(let attempt, let firstSequence):
                due.append(try plan(bank, attempt: attempt, request: request, calendar: calendar,
                                    replacing: firstSequence))
            case .none(let latest, let reason):
                report.banks.append(try attemptNotDue(bank, latest: latest, reason: reason, request: request))
            }
        }
        for year in calendar.yearsWithoutHolidays(due.map(\.debitDate)) {
            logger.warning("\(BusinessCalendar.noHolidaysWarning(year: year))")
        }
        try refusePastDebitDates(due, period: period)
        if request.dryRun {
            report.banks += try due.map { try preview($0, period: period) }
        } else if !due.isEmpty {
            // Its own short transaction: making a partition locks the whole table.
            let partition = try connection.query("SELECT autodebet.ensure_instruction_partition($1) AS name",
                                                 [period.description])[0].string("name")
            report.banks += try generate(due, period: period, partition: partition, directory: request.outputDirectory)
        }
        report.banks.sort { $0.bank.code < $1.bank.code }
        return report
    }

    /// A bank whose next attempt is to be generated in this run.
    struct PlannedBank {
        let bank: Bank
        let layout: Layout
        let attempt: Int
        let debitDate: CalendarDate
        /// Records per file: the smaller of the layout's capacity and the bank's maximum.
        let capacity: Int
        /// Whether this run replaces the attempt's cancelled files (autodebet.replacement_due).
        var replacement = false
        /// The sequence number of the run's first file: 1, or the next free one for a replacement.
        var firstSequence = 1
    }

    /// `replacing`: the next free file sequence, when the run replaces cancelled files.
    func plan(_ bank: Bank, attempt: Int, request: Request, calendar: BusinessCalendar,
              replacing: Int? = nil) throws -> PlannedBank {
        let debitDate = try request.debitDate
            ?? calendar.debitDate(period: request.period, debitDay: bank.debitDays[attempt - 1])
        let layout = try layouts.layout(named: bank.layout)
        return PlannedBank(bank: bank, layout: layout, attempt: attempt, debitDate: debitDate,
                           capacity: min(layout.debitCapacity, bank.maxRecordsPerFile),
                           replacement: replacing != nil, firstSequence: replacing ?? 1)
    }

    /// A bank with no attempt due: what it had generated, if anything, and why no more.
    func attemptNotDue(_ bank: Bank, latest: Int, reason: String, request: Request) throws -> BankGeneration {
        guard var existing = try existingAttempt(bank: bank, period: request.period, attempt: latest,
                                                 directory: request.outputDirectory) else {
            return BankGeneration(bank: bank, attempt: latest, debitDate: nil, status: .nothingDue(reason))
        }
        existing.note = reason
        return existing
    }

    func selectBanks(_ codes: [String]) throws -> [Bank] {
        let all = try Bank.all(connection)
        guard !codes.isEmpty else { return all.filter(\.active) }
        return try Set(codes).sorted().map { code in
            guard let bank = all.first(where: { $0.code == code }) else {
                throw AutodebetError(.invalidInput, "bank \(code) is not in the bank registry")
            }
            guard bank.active else { throw AutodebetError(.refused, "bank \(code) (\(bank.name)) is not active") }
            return bank
        }
    }
}

