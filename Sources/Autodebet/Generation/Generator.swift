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
/// max_records_per_file. Each file is written atomically (AtomicFile) and renamed into
/// place before the transaction records the attempts and their files, with SHA-256,
/// count and total. A crash before the commit leaves no record, and the rerun writes the
/// same files again; after the commit, a rerun finds the attempts and changes nothing.
public struct Generator {
    public struct Request: Sendable {
        public var period: Period
        /// Bank codes to generate for; empty means every active bank.
        public var bankCodes: [String]
        public var outputDirectory: String
        public var debitDate: CalendarDate?
        public var dryRun: Bool

        public init(period: Period, bankCodes: [String] = [], outputDirectory: String,
                    debitDate: CalendarDate? = nil, dryRun: Bool = false) {
            self.period = period
            self.bankCodes = bankCodes
            self.outputDirectory = outputDirectory
            self.debitDate = debitDate
            self.dryRun = dryRun
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
        var due: [PlannedBank] = []
        for bank in banks {
            let attempt: Int
            switch try nextAttempt(bank: bank, period: period) {
            case .due(let number):
                attempt = number
            case .none(let latest, let reason):
                if var existing = try existingAttempt(bank: bank, period: period, attempt: latest,
                                                      directory: request.outputDirectory) {
                    existing.note = reason
                    report.banks.append(existing)
                } else {
                    report.banks.append(BankGeneration(bank: bank, attempt: latest, debitDate: nil,
                                                       status: .nothingDue(reason)))
                }
                continue
            }
            let debitDate = try request.debitDate ?? calendar.debitDate(period: period, debitDay: bank.debitDays[attempt - 1])
            let layout = try layouts.layout(named: bank.layout)
            let planned = PlannedBank(bank: bank, layout: layout, attempt: attempt, debitDate: debitDate,
                                      capacity: min(layout.debitCapacity, bank.maxRecordsPerFile))
            due.append(planned)
        }
        for year in calendar.yearsWithoutHolidays(due.map(\.debitDate)) {
            logger.warning("\(BusinessCalendar.noHolidaysWarning(year: year))")
        }
        try refusePastDebitDates(due, period: period)
        if request.dryRun {
            report.banks += try due.map { try preview($0, period: period) }
        } else if !due.isEmpty {
            report.banks += try generate(due, period: period, directory: request.outputDirectory)
        }
        report.banks.sort { $0.bank.code < $1.bank.code }
        return report
    }

    /// Exactly one tariff per sector and one tier table in force, or nothing is debited:
    /// no mandate may be silently skipped or charged by two rules.
    private func checkContributionRules(_ period: Period) throws {
        let gaps = try connection.query(
            "SELECT rule, kind, in_force FROM autodebet.contribution_rule_gaps($1)", [period.description])
        guard gaps.isEmpty else {
            throw AutodebetError(.refused, "no single contribution rule for period \(period)", details: try gaps.map {
                "\(try $0.string("rule")): \(try $0.int("in_force")) \(try $0.string("kind")) in force (expected exactly 1)"
            })
        }
    }

    /// A debit date chosen by hand must be one a bank can debit on, from today on.
    private func checkChosenDebitDate(_ date: CalendarDate, calendar: BusinessCalendar) throws {
        if date < today {
            throw AutodebetError(.invalidInput, "--debit-date \(date) is in the past (today is \(today))")
        }
        if date.weekday > 5 {
            throw AutodebetError(.invalidInput,
                                 "--debit-date \(date) is a \(date.weekday == 6 ? "Saturday" : "Sunday"), not a business day")
        }
        if calendar.holidays.contains(date) {
            throw AutodebetError(.invalidInput, """
                --debit-date \(date) is a holiday, not a business day (autodebet holidays list --year \(date.year))
                """)
        }
    }

    /// A bank cannot debit on a date that has passed: such an attempt is refused, with the
    /// way forward, unless nothing is due for it anyway. Nothing is generated for any bank.
    private func refusePastDebitDates(_ planned: [PlannedBank], period: Period) throws {
        var late: [String] = []
        for bank in planned where bank.debitDate < today {
            let due = try connection.query("SELECT 1 FROM autodebet.attempt_due($1, $2, $3) LIMIT 1",
                                           [bank.bank.code, period.description, bank.attempt])
            if !due.isEmpty {
                late.append("bank \(bank.bank.code) (\(bank.bank.name)) attempt \(bank.attempt): debit date \(bank.debitDate)")
            }
        }
        guard late.isEmpty else {
            throw AutodebetError(.refused, """
                the debit date has passed (today is \(today)); nothing was generated. Name a business day from \
                today on with --debit-date (and --bank for one bank):
                """, details: late)
        }
    }

    enum NextAttempt: Equatable {
        case due(Int)
        /// Nothing to generate: the latest attempt and why no further one is due.
        case none(latest: Int, reason: String)
    }

    /// The next due attempt at a bank for a period: 1 when none was made; N+1 once all of
    /// attempt N's returns are in and some of its debits failed with a retryable outcome,
    /// up to the bank's maximum.
    func nextAttempt(bank: Bank, period: Period) throws -> NextAttempt {
        let rows = try connection.query("""
            SELECT a.number,
                   (SELECT string_agg(w.name, ', ' ORDER BY w.name)
                      FROM autodebet.files_awaiting_return(a.period) w
                     WHERE w.bank_code = a.bank_code AND w.attempt = a.number) AS outstanding,
                   (SELECT count(*) FROM autodebet.retry_due(a.bank_code, a.period, a.number + 1)) AS retryable
              FROM autodebet.attempt a
             WHERE a.bank_code = $1 AND a.period = $2
             ORDER BY a.number DESC
             LIMIT 1
            """, [bank.code, period.description])
        guard let latest = rows.first else { return .due(1) }
        let number = try latest.int("number")
        if let files = try latest.optionalString("outstanding") {
            return .none(latest: number, reason: "returns of attempt \(number) outstanding (\(files))")
        }
        if number >= bank.maxAttempts {
            return .none(latest: number, reason: "all \(bank.maxAttempts) attempts made")
        }
        if try latest.int("retryable") == 0 {
            return .none(latest: number, reason: "no retryable failure in attempt \(number)")
        }
        return .due(number + 1)
    }

    /// A bank whose next attempt is to be generated in this run.
    struct PlannedBank {
        let bank: Bank
        let layout: Layout
        let attempt: Int
        let debitDate: CalendarDate
        /// Records per file: the smaller of the layout's capacity and the bank's maximum.
        let capacity: Int
    }

    private func selectBanks(_ codes: [String]) throws -> [Bank] {
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

    /// An attempt already generated: its recorded files, and whether each is still in the directory.
    private func existingAttempt(bank: Bank, period: Period, attempt: Int, directory: String) throws -> BankGeneration? {
        let rows = try connection.query("""
            SELECT a.debit_date::text AS debit_date, f.name, f.sha256, f.record_count, f.total_amount
              FROM autodebet.attempt a
              JOIN autodebet.debit_file f USING (bank_code, period)
             WHERE a.bank_code = $1 AND a.period = $2 AND a.number = $3 AND f.attempt = a.number
             ORDER BY f.sequence
            """, [bank.code, period.description, attempt])
        guard let first = rows.first else { return nil }
        var result = BankGeneration(bank: bank, attempt: attempt,
                                    debitDate: CalendarDate(iso: try first.string("debit_date")),
                                    status: .alreadyGenerated)
        for row in rows {
            let file = GeneratedFile(name: try row.string("name"), recordCount: try row.int("record_count"),
                                     totalAmount: try row.int64("total_amount"), sha256: try row.string("sha256"),
                                     present: FileSystem.exists(directory + "/" + (try row.string("name"))))
            result.files.append(file)
            result.debits += file.recordCount
            result.totalAmount += file.totalAmount
        }
        return result
    }

    private func preview(_ planned: PlannedBank, period: Period) throws -> BankGeneration {
        let (bank, attempt, debitDate, capacity) = (planned.bank, planned.attempt, planned.debitDate, planned.capacity)
        let row = try connection.query(
            "SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM autodebet.attempt_due($1, $2, $3)",
            [bank.code, period.description, attempt])[0]
        let count = try row.int("n")
        guard count > 0 else {
            return BankGeneration(bank: bank, attempt: attempt, debitDate: nil, status: .nothingDue(Self.nothingDue))
        }
        var result = BankGeneration(bank: bank, attempt: attempt, debitDate: debitDate, status: .wouldWrite)
        result.debits = count
        result.totalAmount = try row.int64("total")
        let fileCount = (count + capacity - 1) / capacity
        for sequence in 1...fileCount {
            let records = sequence < fileCount ? capacity : count - capacity * (fileCount - 1)
            let name = DebitFileName(bankCode: bank.code, period: period, attempt: attempt, sequence: sequence).description
            result.files.append(GeneratedFile(name: name, recordCount: records, totalAmount: 0, sha256: "", present: false))
        }
        return result
    }

    static let nothingDue = "no active mandate is due for the period (none started, all ended, prepaid, or already debited)"

    /// The statement that inserts the due attempt's instructions for every bank of the run and
    /// streams them back, bank by bank, in file order. One statement, so the due-ness
    /// anti-join runs once, not once per bank against a table the previous banks just
    /// grew. COPY takes no bind parameters: the period comes as a transaction-local
    /// setting and the banks as a temporary table, both filled by parameterized statements.
    static let firstAttemptCopy = """
        COPY (
            WITH due AS (
                SELECT g.bank_code, g.capacity, g.attempt, d.*,
                       row_number() OVER (PARTITION BY g.bank_code ORDER BY d.mandate_id) AS rn
                  FROM generation_bank g
                 CROSS JOIN LATERAL autodebet.attempt_due(g.bank_code, current_setting('autodebet.period'), g.attempt) d
            ), numbered AS (
                SELECT bank_code, attempt, rn, (rn - 1) / capacity + 1 AS file_sequence,
                       autodebet.instruction_reference(current_setting('autodebet.period'), attempt, mandate_id) AS reference,
                       mandate_id, kpj, nik, account_no, account_name, amount, jkk, jkm, jht, tariff_id, base
                  FROM due
            ), inserted AS (
                INSERT INTO autodebet.debit_instruction
                    (reference, mandate_id, kpj, bank_code, period, attempt, file_sequence,
                     account_no, account_name, amount, jkk, jkm, jht, tariff_id, base)
                SELECT reference, mandate_id, kpj, bank_code, current_setting('autodebet.period'), attempt, file_sequence,
                       account_no, account_name, amount, jkk, jkm, jht, tariff_id, base
                  FROM numbered
            )
            SELECT bank_code, rn, file_sequence, reference, account_no, account_name, amount, jkk, jkm, jht, kpj, nik
              FROM numbered
        ) TO STDOUT
        """

    /// Generates the banks' attempts in one transaction: instructions inserted and files
    /// written by one statement, then the attempts and files recorded. Either all of it
    /// commits, or none of it and the files renamed into place are removed (after a crash,
    /// the rerun writes them again).
    private func generate(_ banks: [PlannedBank], period: Period, directory: String) throws -> [BankGeneration] {
        var clock = Stopwatch()
        for planned in banks {
            try removeLeftovers(bank: planned.bank, period: period, attempt: planned.attempt, directory: directory)
        }
        var renamed: [String] = []
        var committed = false
        do {
            let generated = try connection.transaction {
                try connection.useBatchMemory()
                // Fresh statistics: the anti-join against this period's instructions must not
                // be planned as if the table were empty when it is not.
                try connection.execute("""
                    ANALYZE autodebet.debit_instruction;
                    CREATE TEMP TABLE generation_bank (bank_code text COLLATE "C" PRIMARY KEY, capacity int NOT NULL, attempt int NOT NULL) ON COMMIT DROP
                    """)
                for planned in banks {
                    try connection.query("INSERT INTO generation_bank VALUES ($1, $2, $3)",
                                         [planned.bank.code, planned.capacity, planned.attempt])
                }
                try connection.query("SELECT set_config('autodebet.period', $1, true)", [period.description])
                let byCode = Dictionary(uniqueKeysWithValues: banks.map { ($0.bank.code, $0) })
                var results: [BankGeneration] = []
                var writer: FileSplitter?
                defer { writer?.abandon() }
                var expected: Int64 = 1
                var total = 0
                let progress = Progress(label: "debits written")

                func finishBank() throws {
                    guard var open = writer else { return }
                    try open.finish { renamed.append($0) }
                    writer = nil
                    let planned = byCode[open.bank.code]!
                    var result = BankGeneration(bank: planned.bank, attempt: planned.attempt,
                                                debitDate: planned.debitDate, status: .written, files: open.files)
                    result.debits = open.files.reduce(0) { $0 + $1.recordCount }
                    result.totalAmount = open.files.reduce(0) { $0 + $1.totalAmount }
                    results.append(result)
                    logger.debug("generate \(planned.bank.code): \(result.debits) debits in \(open.files.count) files, \(clock.lap())")
                }

                try connection.copyOut(Self.firstAttemptCopy) { row in
                    let code = row.string(0)!
                    if writer?.bank.code != code {
                        try finishBank()
                        guard let planned = byCode[code] else {
                            throw AutodebetError(.failure, "generation returned rows of bank \(code), which was not asked for")
                        }
                        writer = FileSplitter(layout: planned.layout, directory: directory, bank: planned.bank,
                                              period: period, attempt: planned.attempt, creationDate: today,
                                              debitDate: planned.debitDate)
                        expected = 1
                    }
                    // Files are numbered from row order, so the order must hold exactly.
                    guard let rn = row.int64(1), rn == expected, let sequence = row.int64(2) else {
                        throw AutodebetError(.failure, "generation rows of bank \(code) arrived out of order (row \(expected))")
                    }
                    expected += 1
                    let detail = DebitDetail(
                        reference: row.string(3)!, accountNumber: row.string(4)!, accountName: row.string(5)!,
                        amount: row.int64(6)!, jkk: row.int64(7)!, jkm: row.int64(8)!, jht: row.int64(9)!,
                        kpj: row.string(10)!, nik: row.string(11)!)
                    try writer!.append(detail, sequence: Int(sequence)) { renamed.append($0) }
                    total += 1
                    if total % 50_000 == 0 { progress.update(total) }
                }
                try finishBank()
                progress.finish()
                try assertFilesMatchInstructions(results, period: period)
                for result in results { try record(result, layout: byCode[result.bank.code]!.layout, period: period) }
                let generatedCodes = Set(results.map(\.bank.code))
                for planned in banks where !generatedCodes.contains(planned.bank.code) {
                    results.append(BankGeneration(bank: planned.bank, attempt: planned.attempt, debitDate: nil,
                                                  status: .nothingDue(Self.nothingDue)))
                }
                Failpoint.hit("generate.before-commit", environment: environment)
                return results
            }
            committed = true
            if Failpoint.raises("generate.after-commit", environment: environment) {
                throw CommitOutcomeUnknown(underlying: PostgresError(kind: .connection, message: "simulated: no answer to COMMIT"))
            }
            logger.debug("generate: recorded and committed in \(clock.lap())")
            // Returns, close and reports plan their joins on this table next: it just grew.
            try connection.execute("ANALYZE autodebet.debit_instruction")
            logger.debug("generate: analyzed instructions in \(clock.lap())")
            return generated
        } catch let unknown as CommitOutcomeUnknown {
            // The attempt may be recorded: its files must stay. The next run finds out.
            throw AutodebetError(.failure, """
                \(unknown); the files written were kept (\(renamed.count)). Run generate again: it reports what \
                was recorded, and writes again whatever was not
                """)
        } catch {
            // Files renamed into place belong to a transaction that did not commit; after
            // the commit they are recorded, and stay whatever fails next.
            if !committed { for name in renamed { unlink(directory + "/" + name) } }
            throw error
        }
    }

    /// Money path, before COMMIT: the files written hold exactly the instructions inserted,
    /// count and rupiah, bank by bank.
    private func assertFilesMatchInstructions(_ results: [BankGeneration], period: Period) throws {
        let inserted = try connection.query("""
            SELECT i.bank_code, count(*) AS n, sum(i.amount) AS total
              FROM autodebet.debit_instruction i JOIN generation_bank g
                ON g.bank_code = i.bank_code AND g.attempt = i.attempt
             WHERE i.period = $1
             GROUP BY i.bank_code
            """, [period.description])
        var written = Dictionary(uniqueKeysWithValues: results.map { ($0.bank.code, ($0.debits, $0.totalAmount)) })
        for row in inserted {
            let code = try row.string("bank_code")
            let files = written.removeValue(forKey: code) ?? (0, 0)
            guard files == (try row.int("n"), try row.int64("total")) else {
                throw AutodebetError(.failure, """
                    bank \(code): the files hold \(files.0) debits for Rp \(files.1.grouped) but \
                    \(try row.int("n")) instructions for Rp \(try row.int64("total").grouped) were inserted; nothing was recorded
                    """)
            }
        }
        guard written.values.allSatisfy({ $0.0 == 0 }) else {
            throw AutodebetError(.failure, "files were written for banks with no instruction inserted; nothing was recorded")
        }
    }

    private func record(_ result: BankGeneration, layout: Layout, period: Period) throws {
        try connection.query("""
            INSERT INTO autodebet.attempt (bank_code, period, number, debit_date, instruction_count, total_amount)
            VALUES ($1, $2, $3, $4::date, $5, $6)
            """, [result.bank.code, period.description, result.attempt, result.debitDate!.description,
                  result.debits, result.totalAmount])
        for (index, file) in result.files.enumerated() {
            try connection.query("""
                INSERT INTO autodebet.debit_file (bank_code, period, attempt, sequence, name, layout, sha256,
                                                  record_count, total_amount, creation_date, debit_date)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::date, $11::date)
                """, [result.bank.code, period.description, result.attempt, index + 1, file.name, layout.name,
                      file.sha256, file.recordCount, file.totalAmount, today.description,
                      result.debitDate!.description])
        }
        var details = JSONObject()
        details.add("bank", result.bank.code)
        details.add("period", period.description)
        details.add("attempt", result.attempt)
        details.add("instructions", result.debits)
        details.add("total_amount", result.totalAmount)
        details.add("files", strings: result.files.map { "\($0.name) sha256:\($0.sha256)" })
        try AuditLog.record(connection, action: "generate", subject: "\(result.bank.code) \(period) attempt \(result.attempt)",
                            details: details.text)
    }

    /// Files of this bank, period and attempt in the directory while the database records
    /// none: left by a run that died before its commit. They were never valid; the run
    /// about to start writes the attempt again.
    private func removeLeftovers(bank: Bank, period: Period, attempt: Int, directory: String) throws {
        let prefix = "AD_\(bank.code)_\(period.compact)_A\(attempt)_S"
        for name in try FileSystem.fileNames(in: directory)
        where name.hasPrefix(prefix) || (AtomicFile.isTemporary(name) && name.hasPrefix("." + prefix)) {
            logger.warning("removing \(name), left unrecorded by an interrupted run")
            unlink(directory + "/" + name)
        }
    }
}

