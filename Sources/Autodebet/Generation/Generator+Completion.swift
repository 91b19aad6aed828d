import FixedWidth
import PostgresClient
#if canImport(Glibc)
import Glibc
#endif

/// Recorded files that are not in the directory are written again from the database, byte
/// for byte (FileRewrite, which checks the recorded SHA-256): a crash between COMMIT and the
/// rename, a lost COMMIT acknowledgement, a mistaken delete.
extension Generator {
    /// Which recorded files missing from the directory a run writes again.
    public enum Completion: Sendable, Equatable {
        /// Every one (`generate`, run by a person for the period).
        case everyMissing
        /// Only those never placed (`run`, daily: the transfer tool may take placed files
        /// away from the outbox, and they must not be sent twice).
        case unplacedOnly
    }

    /// Writes again the recorded, uncancelled files of the period and banks missing from the
    /// directory (as `completion` says); notes as placed those found there. Returns the
    /// files written again, in name order.
    func completeRecordedFiles(period: Period, banks: [Bank], directory: String,
                               completion: Completion) throws -> [GeneratedFile] {
        let codes = Set(banks.map(\.code))
        let rows = try connection.query("""
            SELECT name, bank_code, sha256, record_count, total_amount, placed_at IS NOT NULL AS placed
              FROM autodebet.debit_file
             WHERE period = $1 AND cancelled_at IS NULL
             ORDER BY name
            """, [period.description])
        var rewritten: [GeneratedFile] = []
        for row in rows where codes.contains(try row.string("bank_code")) {
            let name = try row.string("name")
            let placed = try row.bool("placed")
            if FileSystem.exists(directory + "/" + name) {
                if !placed { try Self.notePlaced(name, connection: connection) }
                continue
            }
            guard !placed || completion == .everyMissing else { continue }
            removeTemporaryCopies(of: name, in: directory)
            let outcome = try FileRewrite(connection: connection, layouts: layouts, today: today)
                .run(name: name, directory: directory)
            try Self.notePlaced(name, connection: connection)
            logger.warning("wrote a recorded file missing from the directory again from the database",
                           metadata: ["file": "\(name)", "sha256": "\(outcome.file.sha256)"])
            rewritten.append(GeneratedFile(name: name, recordCount: try row.int("record_count"),
                                           totalAmount: try row.int64("total_amount"),
                                           sha256: outcome.file.sha256, present: true))
        }
        return rewritten
    }

    /// For `run`: the period's recorded files never placed, every bank, under the period's lock.
    public func completeUnplacedFiles(period: Period, directory: String) throws -> [GeneratedFile] {
        try connection.acquire(.period(period))
        defer { try? connection.release(.period(period)) }
        try FileSystem.prepareDirectory(directory)
        return try completeRecordedFiles(period: period, banks: try Bank.all(connection), directory: directory,
                                         completion: .unplacedOnly)
    }

    static func notePlaced(_ name: String, connection: PostgresConnection) throws {
        try connection.query("UPDATE autodebet.debit_file SET placed_at = now() WHERE name = $1 AND placed_at IS NULL",
                             [name])
    }

    /// Sealed copies a killed run left under temporary names (`.NAME.PID.tmp`).
    private func removeTemporaryCopies(of name: String, in directory: String) {
        for entry in (try? FileSystem.fileNames(in: directory)) ?? []
        where AtomicFile.isTemporary(entry) && entry.hasPrefix("." + name + ".") {
            unlink(directory + "/" + entry)
        }
    }
}
