import Crypto
import FixedWidth
import Logging
import PostgresClient

/// Checking a read file against the database: the header names a generated debit file
/// not yet answered; every answer matches one of its awaiting instructions.
extension ReturnImport {
    /// The header must name a bank of the registry using this layout, and a debit file
    /// that was generated. Returns that file's name.
    func checkHeader(_ header: ReturnFileHeader, layout: Layout, errors: inout ProblemLog) throws -> String? {
        guard let bank = try connection.query("SELECT layout FROM autodebet.bank WHERE code = $1", [header.bankCode]).first else {
            errors.add(line: 1, "header names bank \(header.bankCode), which is not in the bank registry")
            return nil
        }
        let bankLayout = try bank.string("layout")
        if bankLayout != layout.name {
            errors.add(line: 1, "header names bank \(header.bankCode), whose layout is \(bankLayout), but the file is in \(layout.name)")
            return nil
        }
        if try !connection.query("SELECT 1 FROM autodebet.archived_period WHERE period = $1",
                                 [header.period.description]).isEmpty {
            errors.add(line: 1, "header names period \(header.period), which is archived")
            return nil
        }
        let name = DebitFileName(bankCode: header.bankCode, period: header.period, attempt: header.attempt,
                                 sequence: header.sequence).description
        guard try connection.query("SELECT 1 FROM autodebet.debit_file WHERE name = $1", [name]).count == 1 else {
            errors.add(line: 1, "header names debit file \(name), which was never generated")
            return nil
        }
        if let cancelled = try connection.query("""
            SELECT cancel_reason, extract(epoch FROM cancelled_at)::bigint AS at
              FROM autodebet.debit_file WHERE name = $1 AND cancelled_at IS NOT NULL
            """, [name]).first {
            let when = LocalTime.text(epochSeconds: try cancelled.int64("at"), environment: environment)
            errors.add(line: 1, """
                debit file \(name) was cancelled on \(when) (\(try cancelled.string("cancel_reason"))): a return \
                for it cannot be imported; its debits went out again in a replacement file
                """)
            return nil
        }
        if let answered = try connection.query("""
            SELECT file_name FROM autodebet.return_file WHERE debit_file = $1 AND status = $2
            """, [name, ReturnFileStatus.imported.rawValue]).first {
            errors.add(line: 1, "debit file \(name) was already answered by return file \(try answered.string("file_name"))")
            return nil
        }
        return name
    }

    /// Every detail answers a submitted instruction of the debit file, once, for its
    /// amount; every instruction of the file is answered.
    func reconcile(_ header: ReturnFileHeader, debitFile: String, structurallyValid: Bool, errors: inout ProblemLog) throws {
        let key: [PostgresParameter] = [header.bankCode, header.period.description, header.attempt, header.sequence]
        let problems = try connection.query("""
            WITH file AS (
                SELECT * FROM autodebet.debit_instruction
                 WHERE bank_code = $1 AND period = $2 AND attempt = $3 AND file_sequence = $4
            ), answers AS (
                SELECT s.*, count(*) OVER (PARTITION BY s.reference) AS times,
                       min(s.line) OVER (PARTITION BY s.reference) AS first_line
                  FROM return_staging s
            )
            SELECT a.line, a.reference,
                   CASE
                     WHEN a.line <> a.first_line THEN 'answered twice in this file (first on line ' || a.first_line || ')'
                     WHEN f.id IS NULL AND o.id IS NULL THEN 'no such debit instruction'
                     WHEN f.id IS NULL THEN 'belongs to another debit file (bank ' || o.bank_code || ', period '
                          || o.period || ', attempt ' || o.attempt || ', file ' || o.file_sequence || ')'
                     WHEN f.status <> 'submitted' THEN 'already settled (' || f.status || ', ' || f.outcome || ')'
                     WHEN a.amount_requested IS NOT NULL AND a.amount_requested <> f.amount
                          THEN 'amount requested ' || to_char(a.amount_requested, 'FM999,999,999,999,990') || ' differs from the instruction''s ' || to_char(f.amount, 'FM999,999,999,999,990')
                     WHEN a.outcome = 'paid' AND a.amount_debited <> f.amount
                          THEN 'amount debited ' || to_char(a.amount_debited, 'FM999,999,999,999,990') || ' differs from the instruction''s ' || to_char(f.amount, 'FM999,999,999,999,990')
                   END AS problem
              FROM answers a
              LEFT JOIN file f ON f.reference = a.reference
              LEFT JOIN autodebet.debit_instruction o ON o.reference = a.reference AND f.id IS NULL
             WHERE a.line <> a.first_line OR f.id IS NULL OR f.status <> 'submitted'
                OR (a.amount_requested IS NOT NULL AND a.amount_requested <> f.amount)
                OR (a.outcome = 'paid' AND a.amount_debited <> f.amount)
             ORDER BY a.line
             LIMIT 100000
            """, key)
        for row in problems {
            errors.add(line: try row.int("line"), field: "reference",
                       "\(try row.string("reference")): \(try row.string("problem"))")
        }
        // Unanswered instructions are only meaningful when every line could be read.
        guard structurallyValid else { return }
        let unanswered = try connection.query("""
            SELECT i.reference FROM autodebet.debit_instruction i
             WHERE i.bank_code = $1 AND i.period = $2 AND i.attempt = $3 AND i.file_sequence = $4
               AND NOT EXISTS (SELECT FROM return_staging s WHERE s.reference = i.reference)
             ORDER BY i.reference
             LIMIT 100000
            """, key)
        for row in unanswered {
            errors.add(line: nil, "instruction \(try row.string("reference")) of \(debitFile) has no answer in this file")
        }
    }
}
