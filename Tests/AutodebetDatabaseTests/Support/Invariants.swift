import Foundation
import PostgresClient
import TestSupport

/// The invariants of scripts/invariants.sql (the file scripts/crashloop runs too), the
/// debit files' among them: this only lists the outbox for it (name, SHA-256, lines).
enum Invariants {
    static let sql: String = {
        let path = RepositoryRoot.path + "/scripts/invariants.sql"
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? "SELECT 'missing \(path)'"
    }()

    /// Every violation as one line; empty when clean. With `strict`, a recorded file not
    /// yet placed counts too (after a run that completed), and so does a temporary file.
    static func violations(_ db: TestDatabase, outbox: String? = nil, strict: Bool = true) throws -> [String] {
        let connection = try db.connect()
        defer { connection.close() }
        return try violations(connection, outbox: outbox, strict: strict)
    }

    static func violations(_ connection: PostgresConnection, outbox: String? = nil, strict: Bool = true) throws -> [String] {
        try connection.execute(sql)
        var found = try connection.query("SELECT invariant, subject, detail FROM invariant_violations ORDER BY 1, 2").map {
            "\(try $0.string("invariant")) | \(try $0.string("subject")) | \(try $0.string("detail"))"
        }
        guard let outbox else { return found }
        try connection.execute("TRUNCATE outbox_file")
        for name in try FileManager.default.contentsOfDirectory(atPath: outbox).sorted() {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: outbox + "/" + name))
            try connection.query("INSERT INTO outbox_file (name, sha256, newlines) VALUES ($1, $2, $3)",
                                 [name, sha256Hex(bytes), bytes.filter { $0 == UInt8(ascii: "\n") }.count])
        }
        found += try connection.query("""
            SELECT invariant, subject, detail FROM outbox_violations WHERE $1 OR NOT strict ORDER BY 1, 2
            """, [strict]).map {
            "\(try $0.string("invariant")) | \(try $0.string("subject")) | \(try $0.string("detail"))"
        }
        return found
    }
}
