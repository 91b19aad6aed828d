import FixedWidth
import Logging
import PostgresClient
#if canImport(Glibc)
import Glibc
#endif

/// Writing the due attempts: one statement inserts the instructions and streams them
/// back into the files, sealed under temporary names; the totals are checked and the files
/// recorded, and only after COMMIT are they renamed into the directory, so that the
/// directory (an outbox a transfer tool reads) never shows a file the database does not know.
extension Generator {
    /// The statement that inserts the due attempt's instructions for every bank of the run and
    /// streams them back, bank by bank, in file order. One statement, so the due-ness
    /// anti-join runs once, not once per bank against a table the previous banks just
    /// grew. Attempt 1 comes from the all-banks form of its rule, so the participants are
    /// joined once (per bank, each bank's join scanned every participant); retries and
    /// replacements bank by bank (autodebet.generation_due). COPY takes no bind
    /// parameters: the period comes as a transaction-local setting and the banks as a
    /// temporary table, both filled by parameterized statements.
    static let firstAttemptCopy = """
        COPY (
            WITH due_rows AS (
                SELECT g.bank_code, g.capacity, g.attempt, g.first_sequence, d.mandate_id, d.kpj, d.nik, d.account_no,
                       d.account_name, d.amount, d.jkk, d.jkm, d.jht, d.tariff_id, d.base, 0 AS round
                  FROM autodebet.first_attempt_due(current_setting('autodebet.period')) d
                  JOIN generation_bank g ON g.bank_code = d.bank_code AND g.attempt = 1 AND NOT g.replacement
                UNION ALL
                SELECT g.bank_code, g.capacity, g.attempt, g.first_sequence, d.*
                  FROM generation_bank g
                 CROSS JOIN LATERAL autodebet.generation_due(g.bank_code, current_setting('autodebet.period'),
                                                             g.attempt, g.replacement) d
                 WHERE g.attempt > 1 OR g.replacement
            ), due AS (
                SELECT r.*, row_number() OVER (PARTITION BY r.bank_code ORDER BY r.mandate_id) AS rn FROM due_rows r
            ), numbered AS (
                SELECT bank_code, attempt, rn, (rn - 1) / capacity + first_sequence AS file_sequence,
                       autodebet.generation_reference(current_setting('autodebet.period'), attempt, mandate_id, round) AS reference,
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
    /// commits and the files are renamed into place, or none of it and the sealed files are
    /// removed. A crash between COMMIT and rename leaves recorded files not yet placed: the
    /// next run writes them again from the database (completeRecordedFiles).
    func generate(_ banks: [PlannedBank], period: Period, partition: String, directory: String) throws -> [BankGeneration] {
        var clock = Stopwatch()
        for planned in banks {
            try removeLeftovers(bank: planned.bank, period: period, attempt: planned.attempt, directory: directory)
        }
        var sealed: [AtomicFile] = []
        // Sealed files not placed are removed, whatever happens (deinit of AtomicFile too).
        defer { for file in sealed { file.discard() } }
        do {
            let generated = try connection.transaction {
                try connection.useBatchMemory()
                // Fresh statistics of the period's partition only (not the years behind it): the
                // anti-join against its instructions must not be planned as if it were empty.
                try connection.refreshStatistics(partition)
                try connection.execute("""
                    CREATE TEMP TABLE generation_bank (bank_code text COLLATE "C" PRIMARY KEY, capacity int NOT NULL,
                        attempt int NOT NULL, replacement boolean NOT NULL, first_sequence int NOT NULL) ON COMMIT DROP
                    """)
                for planned in banks {
                    try connection.query("INSERT INTO generation_bank VALUES ($1, $2, $3, $4, $5)",
                                         [planned.bank.code, planned.capacity, planned.attempt,
                                          planned.replacement, planned.firstSequence])
                }
                try connection.query("SELECT set_config('autodebet.period', $1, true)", [period.description])
                let byCode = Dictionary(uniqueKeysWithValues: banks.map { ($0.bank.code, $0) })
                var results: [BankGeneration] = []
                var writer: FileSplitter?
                defer { writer?.abandon() }
                var expected: Int64 = 1
                var total = 0
                let progress = ProgressCounter(label: "debits written")

                func finishBank() throws {
                    guard var open = writer else { return }
                    try open.finish { sealed.append($0) }
                    writer = nil
                    let planned = byCode[open.bank.code]!
                    var result = BankGeneration(bank: planned.bank, attempt: planned.attempt,
                                                debitDate: planned.debitDate, status: .written, files: open.files)
                    result.replacement = planned.replacement
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
                    try writer!.append(detail, sequence: Int(sequence)) { sealed.append($0) }
                    total += 1
                    if total % 50_000 == 0 { progress.update(total) }
                }
                try finishBank()
                progress.finish()
                try assertFilesMatchInstructions(results, period: period)
                for result in results { try record(result, planned: byCode[result.bank.code]!, period: period) }
                let generatedCodes = Set(results.map(\.bank.code))
                for planned in banks where !generatedCodes.contains(planned.bank.code) {
                    results.append(BankGeneration(bank: planned.bank, attempt: planned.attempt, debitDate: nil,
                                                  status: .nothingDue(Self.nothingDue)))
                }
                Failpoint.hit("generate.before-commit", environment: environment)
                return results
            }
            if Failpoint.raises("generate.after-commit", environment: environment) {
                throw CommitOutcomeUnknown(underlying: PostgresError(kind: .connection, message: "simulated: no answer to COMMIT"))
            }
            logger.debug("generate: recorded and committed in \(clock.lap())")
            Failpoint.hit("generate.before-rename", environment: environment)
            try place(sealed)
            sealed = []
            // Returns, close and reports plan their joins on this partition next: it just grew.
            try connection.refreshStatistics(partition)
            logger.debug("generate: analyzed instructions in \(clock.lap())")
            return generated
        } catch let unknown as CommitOutcomeUnknown {
            // The attempt may or may not be recorded: no file is placed on a guess. The next
            // run finds out, and writes the recorded files from the database.
            throw AutodebetError(.failure, """
                \(unknown); no file was placed in \(directory). Run generate again: it writes the files \
                that were recorded from the database, or generates the attempt again if it was not
                """)
        }
    }

    /// Renames recorded files into place, then notes them placed (a crash in between leaves
    /// a placed file with no note: the next run sees it present and notes it).
    func place(_ files: [AtomicFile]) throws {
        for file in files { try file.place() }
        for file in files { try Self.notePlaced(file.name, connection: connection) }
    }

    /// Money path, before COMMIT: the files written hold exactly the instructions inserted,
    /// count and rupiah, bank by bank.
    func assertFilesMatchInstructions(_ results: [BankGeneration], period: Period) throws {
        let inserted = try connection.query("""
            SELECT i.bank_code, count(*) AS n, sum(i.amount) AS total
              FROM autodebet.debit_instruction i JOIN generation_bank g
                ON g.bank_code = i.bank_code AND g.attempt = i.attempt AND i.file_sequence >= g.first_sequence
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

    func record(_ result: BankGeneration, planned: PlannedBank, period: Period) throws {
        let layout = planned.layout
        // A replacement belongs to its attempt, which is recorded already.
        if !planned.replacement {
            try connection.query("""
                INSERT INTO autodebet.attempt (bank_code, period, number, debit_date, instruction_count, total_amount)
                VALUES ($1, $2, $3, $4::date, $5, $6)
                """, [result.bank.code, period.description, result.attempt, result.debitDate!.description,
                      result.debits, result.totalAmount])
        }
        for (index, file) in result.files.enumerated() {
            try connection.query("""
                INSERT INTO autodebet.debit_file (bank_code, period, attempt, sequence, name, layout, sha256,
                                                  record_count, total_amount, creation_date, debit_date)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::date, $11::date)
                """, [result.bank.code, period.description, result.attempt, index + planned.firstSequence, file.name, layout.name,
                      file.sha256, file.recordCount, file.totalAmount, today.description,
                      result.debitDate!.description])
        }
        var details = JSONObject()
        details.add("bank", result.bank.code)
        details.add("period", period.description)
        details.add("attempt", result.attempt)
        details.add("replacement", planned.replacement)
        details.add("instructions", result.debits)
        details.add("total_amount", result.totalAmount)
        details.add("files", strings: result.files.map { "\($0.name) sha256:\($0.sha256)" })
        try AuditLog.record(connection, action: "generate", subject: "\(result.bank.code) \(period) attempt \(result.attempt)",
                            details: details.text)
    }

    /// Files of this bank, period and attempt in the directory while the database records
    /// none: left by a run that died before its commit. They were never valid; the run
    /// about to start writes the attempt again.
    func removeLeftovers(bank: Bank, period: Period, attempt: Int, directory: String) throws {
        let prefix = "AD_\(bank.code)_\(period.compact)_A\(attempt)_S"
        // Files recorded before (the attempt's files, when this run replaces cancelled ones) stay.
        let recorded = Set(try connection.query(
            "SELECT name FROM autodebet.debit_file WHERE bank_code = $1 AND period = $2 AND attempt = $3",
            [bank.code, period.description, attempt]).map { try $0.string("name") })
        for name in try FileSystem.fileNames(in: directory) where !recorded.contains(name)
        && (name.hasPrefix(prefix) || (AtomicFile.isTemporary(name) && name.hasPrefix("." + prefix))) {
            logger.warning("removing a file left unrecorded by an interrupted run", metadata: ["file": "\(name)"])
            unlink(directory + "/" + name)
        }
    }
}
