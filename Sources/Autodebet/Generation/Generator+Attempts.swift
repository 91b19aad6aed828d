import FixedWidth
import Logging
import PostgresClient
#if canImport(Glibc)
import Glibc
#endif

/// Which attempt is due at a bank, what was generated before, and what a dry run shows.
extension Generator {
    enum NextAttempt: Equatable {
        case due(Int)
        /// The attempt's cancelled files are to be replaced, from this file sequence on.
        case replacement(Int, firstSequence: Int)
        /// Nothing to generate: the latest attempt and why no further one is due.
        case none(latest: Int, reason: String)
    }

    /// The next due attempt at a bank for a period: 1 when none was made; N+1 once all of
    /// attempt N's returns are in and some of its debits failed with a retryable outcome,
    /// up to the bank's maximum. Before any of that, the replacement of the latest
    /// attempt's cancelled files, when some of their debits are still due.
    /// The period is the parameter itself, not `a.period`, so the plan reads only its
    /// partition: planned over every month's partition it cost 30 ms a bank with history.
    func nextAttempt(bank: Bank, period: Period) throws -> NextAttempt {
        let rows = try connection.query("""
            SELECT a.number,
                   (SELECT string_agg(w.name, ', ' ORDER BY w.name)
                      FROM autodebet.files_awaiting_return($2) w
                     WHERE w.bank_code = a.bank_code AND w.attempt = a.number) AS outstanding,
                   (SELECT count(*) FROM autodebet.retry_due(a.bank_code, $2, a.number + 1)) AS retryable,
                   (SELECT count(*) FROM autodebet.replacement_due(a.bank_code, $2, a.number)) AS replacing,
                   (SELECT max(f.sequence) + 1 FROM autodebet.debit_file f
                     WHERE (f.bank_code, f.period, f.attempt) = (a.bank_code, a.period, a.number)) AS next_sequence
              FROM autodebet.attempt a
             WHERE a.bank_code = $1 AND a.period = $2
             ORDER BY a.number DESC
             LIMIT 1
            """, [bank.code, period.description])
        guard let latest = rows.first else { return .due(1) }
        let number = try latest.int("number")
        if try latest.int("replacing") > 0 {
            return .replacement(number, firstSequence: try latest.int("next_sequence"))
        }
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

    /// An attempt already generated: its recorded files (but cancelled ones, which are not to
    /// be sent), and whether each is still in the directory.
    func existingAttempt(bank: Bank, period: Period, attempt: Int, directory: String) throws -> BankGeneration? {
        let rows = try connection.query("""
            SELECT a.debit_date::text AS debit_date, f.name, f.sha256, f.record_count, f.total_amount
              FROM autodebet.attempt a
              JOIN autodebet.debit_file f USING (bank_code, period)
             WHERE a.bank_code = $1 AND a.period = $2 AND a.number = $3 AND f.attempt = a.number
               AND f.cancelled_at IS NULL
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

    func preview(_ planned: PlannedBank, period: Period) throws -> BankGeneration {
        let (bank, attempt, debitDate, capacity) = (planned.bank, planned.attempt, planned.debitDate, planned.capacity)
        let row = try connection.query(
            "SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM autodebet.generation_due($1, $2, $3, $4)",
            [bank.code, period.description, attempt, planned.replacement])[0]
        let count = try row.int("n")
        guard count > 0 else {
            return BankGeneration(bank: bank, attempt: attempt, debitDate: nil, status: .nothingDue(Self.nothingDue))
        }
        var result = BankGeneration(bank: bank, attempt: attempt, debitDate: debitDate, status: .wouldWrite)
        result.replacement = planned.replacement
        result.debits = count
        result.totalAmount = try row.int64("total")
        let fileCount = (count + capacity - 1) / capacity
        for sequence in 1...fileCount {
            let records = sequence < fileCount ? capacity : count - capacity * (fileCount - 1)
            let name = DebitFileName(bankCode: bank.code, period: period, attempt: attempt,
                                     sequence: sequence + planned.firstSequence - 1).description
            result.files.append(GeneratedFile(name: name, recordCount: records, totalAmount: 0, sha256: "", present: false))
        }
        return result
    }

    static let nothingDue = "no active mandate is due for the period (none started, all ended, prepaid, or already debited)"
}
