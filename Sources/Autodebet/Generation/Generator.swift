import FixedWidth
import Logging
import PostgresClient

/// `autodebet generate`: the next due attempt's debit files for a period, per bank.
///
/// Per bank, one transaction: a single statement selects who is due (SQL function
/// autodebet.first_attempt_due), inserts their instructions and streams the same rows
/// back by COPY, which this type encodes in the bank's layout into files split at the
/// smaller of the layout's capacity and the bank's max_records_per_file. Each file is
/// written atomically (AtomicFile) and renamed into place before the transaction records
/// the attempt and its files, with their SHA-256, count and total. A crash before the
/// commit leaves no record, and the rerun writes the same files again; after the commit,
/// a rerun finds the attempt and changes nothing.
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
        try connection.acquire(.generate(period: period.year * 100 + period.month))
        defer { try? connection.release(.generate(period: period.year * 100 + period.month)) }

        let banks = try selectBanks(request.bankCodes)
        let gaps = try connection.query("SELECT sector, tariffs FROM autodebet.tariff_gaps($1)", [period.description])
        if !gaps.isEmpty {
            throw AutodebetError(.refused, "no single tariff for period \(period)", details: try gaps.map {
                "sector \(try $0.string("sector")): \(try $0.int("tariffs")) tariffs in force (expected exactly 1)"
            })
        }
        let calendar = try BusinessCalendar.load(connection)
        if !request.dryRun { try OutputDirectory.prepare(request.outputDirectory) }

        var report = GenerationReport(period: period, outputDirectory: request.outputDirectory, dryRun: request.dryRun)
        for bank in banks {
            let attempt = 1
            if let existing = try existingAttempt(bank: bank, period: period, attempt: attempt,
                                                  directory: request.outputDirectory) {
                report.banks.append(existing)
                continue
            }
            let debitDate = request.debitDate ?? calendar.debitDate(period: period, debitDay: bank.debitDays[attempt - 1])
            let layout = try layouts.layout(named: bank.layout)
            let capacity = min(layout.debitCapacity, bank.maxRecordsPerFile)
            if request.dryRun {
                report.banks.append(try preview(bank: bank, period: period, attempt: attempt,
                                                debitDate: debitDate, capacity: capacity))
            } else {
                report.banks.append(try generate(bank: bank, layout: layout, period: period, attempt: attempt,
                                                 debitDate: debitDate, capacity: capacity,
                                                 directory: request.outputDirectory))
            }
        }
        return report
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
                                     present: OutputDirectory.exists(directory + "/" + (try row.string("name"))))
            result.files.append(file)
            result.debits += file.recordCount
            result.totalAmount += file.totalAmount
        }
        return result
    }

    private func preview(bank: Bank, period: Period, attempt: Int, debitDate: CalendarDate, capacity: Int) throws -> BankGeneration {
        let row = try connection.query(
            "SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM autodebet.first_attempt_due($1, $2)",
            [bank.code, period.description])[0]
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

    /// The statement that inserts attempt 1's instructions for one bank and streams them
    /// back in file order. COPY takes no bind parameters, so its inputs come as
    /// transaction-local settings (set by a parameterized statement just before).
    static let firstAttemptCopy = """
        COPY (
            WITH due AS (
                SELECT d.*, row_number() OVER (ORDER BY d.mandate_id) AS rn
                  FROM autodebet.first_attempt_due(current_setting('autodebet.bank'),
                                                   current_setting('autodebet.period')) d
            ), numbered AS (
                SELECT rn,
                       (rn - 1) / current_setting('autodebet.capacity')::int + 1 AS file_sequence,
                       autodebet.instruction_reference(current_setting('autodebet.period'), 1, mandate_id) AS reference,
                       mandate_id, kpj, nik, account_no, account_name, amount, jkk, jkm, jht, tariff_id
                  FROM due
            ), inserted AS (
                INSERT INTO autodebet.debit_instruction
                    (reference, mandate_id, kpj, bank_code, period, attempt, file_sequence,
                     account_no, account_name, amount, jkk, jkm, jht, tariff_id)
                SELECT reference, mandate_id, kpj, current_setting('autodebet.bank'),
                       current_setting('autodebet.period'), 1, file_sequence,
                       account_no, account_name, amount, jkk, jkm, jht, tariff_id
                  FROM numbered
            )
            SELECT rn, file_sequence, reference, account_no, account_name, amount, jkk, jkm, jht, kpj, nik
              FROM numbered
        ) TO STDOUT
        """

    private func generate(bank: Bank, layout: Layout, period: Period, attempt: Int, debitDate: CalendarDate,
                          capacity: Int, directory: String) throws -> BankGeneration {
        try removeLeftovers(bank: bank, period: period, attempt: attempt, directory: directory)
        var renamed: [String] = []
        do {
            return try connection.transaction {
                try connection.query("""
                    SELECT set_config('autodebet.bank', $1, true), set_config('autodebet.period', $2, true),
                           set_config('autodebet.capacity', $3, true)
                    """, [bank.code, period.description, String(capacity)])
                var writer = FileSplitter(layout: layout, directory: directory, bank: bank, period: period,
                                          attempt: attempt, creationDate: today, debitDate: debitDate)
                defer { writer.abandon() }
                let progress = Progress(label: "bank \(bank.code): debits written")
                var expected: Int64 = 1
                try connection.copyOut(Self.firstAttemptCopy) { row in
                    // Files are numbered from row order, so the order must hold exactly.
                    guard let rn = row.int64(0), rn == expected, let sequence = row.int64(1) else {
                        throw AutodebetError(.failure, "generation rows arrived out of order (row \(expected))")
                    }
                    expected += 1
                    let detail = DebitDetail(
                        reference: row.string(2)!, accountNumber: row.string(3)!, accountName: row.string(4)!,
                        amount: row.int64(5)!, jkk: row.int64(6)!, jkm: row.int64(7)!, jht: row.int64(8)!,
                        kpj: row.string(9)!, nik: row.string(10)!)
                    try writer.append(detail, sequence: Int(sequence)) { renamed.append($0) }
                    if rn % 50_000 == 0 { progress.update(Int(rn)) }
                }
                try writer.finish { renamed.append($0) }
                progress.finish()
                let files = writer.files
                guard !files.isEmpty else {
                    return BankGeneration(bank: bank, attempt: attempt, debitDate: nil, status: .nothingDue(Self.nothingDue))
                }
                var result = BankGeneration(bank: bank, attempt: attempt, debitDate: debitDate, status: .written,
                                            files: files)
                result.debits = files.reduce(0) { $0 + $1.recordCount }
                result.totalAmount = files.reduce(0) { $0 + $1.totalAmount }
                try record(result, layout: layout, period: period)
                Failpoint.hit("generate.before-commit", environment: environment)
                return result
            }
        } catch {
            // Files renamed into place belong to a transaction that did not commit.
            for name in renamed { unlink(directory + "/" + name) }
            throw error
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
        for name in try OutputDirectory.fileNames(directory)
        where name.hasPrefix(prefix) || (AtomicFile.isTemporary(name) && name.hasPrefix("." + prefix)) {
            logger.warning("removing \(name), left unrecorded by an interrupted run")
            unlink(directory + "/" + name)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
