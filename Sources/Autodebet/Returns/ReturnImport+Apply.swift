import Crypto
import FixedWidth
import Logging
import PostgresClient

/// Applying an accepted file, or recording a refused one.
extension ReturnImport {
    func apply(_ header: ReturnFileHeader, layout: Layout, debitFile: String, name: String, sha256: String) throws -> ImportedReturn {
        var result = ImportedReturn(layout: layout.name, debitFile: debitFile, period: header.period)
        let id = try connection.query("""
            INSERT INTO autodebet.return_file (sha256, file_name, status, layout, bank_code, period, attempt,
                                               file_sequence, debit_file)
            VALUES ($1, $2, $9, $3, $4, $5, $6, $7, $8) RETURNING id
            """, [sha256, name, layout.name, header.bankCode, header.period.description, header.attempt,
                  header.sequence, debitFile, ReturnFileStatus.imported.rawValue])[0].int64("id")
        let settled = try connection.query("SELECT autodebet.settle_answers($1, $2) AS settled", [id, header.period.description])[0].int("settled")
        for row in try connection.query("""
            SELECT outcome, count(*) AS n, coalesce(sum(amount_debited), 0) AS amount
              FROM return_staging GROUP BY outcome ORDER BY outcome
            """) {
            let outcome = try row.string("outcome"), count = try row.int("n")
            result.answers += count
            if outcome == "paid" {
                result.paid = count
                result.paidAmount = try row.int64("amount")
            } else {
                result.failedByOutcome[outcome] = count
            }
        }
        // Money path: every answer read settled exactly one awaiting instruction.
        guard settled == result.answers else {
            throw AutodebetError(.failure, """
                \(name): \(result.answers.grouped) answers read but \(settled.grouped) instructions settled; \
                nothing was applied
                """)
        }
        let verdicts = try connection.query(
            "SELECT suspended_count, revoked_count FROM autodebet.apply_bank_verdicts($1, $2, $3)",
            [id, header.period.description, name])[0]
        result.suspended = try verdicts.int("suspended_count")
        result.revoked = try verdicts.int("revoked_count")
        try connection.query("""
            UPDATE autodebet.return_file SET detail_count = $2, paid_count = $3, paid_amount = $4, failed_count = $5
             WHERE id = $1
            """, [id, result.answers, result.paid, result.paidAmount, result.answers - result.paid])
        result.periodClosed = try connection.query(
            "SELECT 1 FROM autodebet.closed_period WHERE period = $1", [header.period.description]).count == 1
        var details = JSONObject()
        details.add("sha256", sha256)
        details.add("debit_file", debitFile)
        details.add("answers", result.answers)
        details.add("paid", result.paid)
        details.add("paid_amount", result.paidAmount)
        details.add("suspended", result.suspended)
        details.add("revoked", result.revoked)
        try AuditLog.record(connection, action: "returns.import", subject: name, details: details.text)
        return result
    }

    /// Records the refusal (outside the failed transaction) and throws `.invalidInput`.
    func refuse(_ attempt: Attempt) throws -> Never {
        let (name, sha256, layout, header, debitFile, errors) =
            (attempt.name, attempt.sha256, attempt.layout, attempt.header, attempt.debitFile, attempt.errors)
        try connection.transaction {
            try connection.query("""
                INSERT INTO autodebet.return_file (sha256, file_name, status, layout, bank_code, period, attempt,
                                                   file_sequence, debit_file, error_count, errors)
                VALUES ($1, $2, $11, $3, $4, $5, $6, $7, $8, $9, string_to_array($10, E'\\n'))
                """, [sha256, name, layout?.name, header?.bankCode, header?.period.description, header?.attempt,
                      header?.sequence, debitFile, errors.count, errors.kept.map(\.description).joined(separator: "\n"),
                      ReturnFileStatus.rejected.rawValue])
            var details = JSONObject()
            details.add("sha256", sha256)
            details.add("errors", errors.count)
            try AuditLog.record(connection, action: "returns.reject", subject: name, details: details.text)
        }
        throw AutodebetError(.invalidInput,
            "\(name): refused, \(errors.count.grouped) error\(errors.count == 1 ? "" : "s"); nothing was applied")
    }

    /// The file's SHA-256 in hex, and its size in bytes.
    static func sha256(of path: String) throws -> (String, Int) {
        var hasher = SHA256()
        var size = 0
        do {
            try FileDescriptorSource.forEachChunk(path: path) { chunk in
                size += chunk.count
                hasher.update(bufferPointer: chunk)
            }
        } catch let error as FileReadError {
            throw AutodebetError(.invalidInput, "cannot read \(error)")
        }
        return (hasher.finalize().hex, size)
    }
}
