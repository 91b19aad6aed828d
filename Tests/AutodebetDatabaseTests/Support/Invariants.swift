import Foundation
import PostgresClient
import TestSupport

/// The invariants of scripts/invariants.sql (the file scripts/crashloop runs too), and the
/// debit files it records against a directory: every placed recorded file is there with
/// its SHA-256 and record count, and no final-named debit file is there unrecorded.
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
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: outbox))
        let recorded = try connection.query("SELECT name, sha256, record_count, placed, cancelled FROM recorded_debit_files")
        let names = Set(try recorded.map { try $0.string("name") })
        for name in present.sorted() {
            if name.hasPrefix("AD_") && name.hasSuffix(".txt") && !names.contains(name) {
                found.append("no unrecorded final-named file | \(name)")
            }
            if strict && name.hasPrefix(".") && name.hasSuffix(".tmp") {
                found.append("no temporary file after a completed run | \(name)")
            }
        }
        for row in recorded where try !row.bool("cancelled") {
            let name = try row.string("name")
            guard present.contains(name) else {
                if try row.bool("placed") || strict { found.append("recorded file exists | \(name) is missing") }
                continue
            }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: outbox + "/" + name))
            if sha256Hex(bytes) != (try row.string("sha256")) {
                found.append("recorded file exists | \(name): SHA-256 differs from the recorded one")
            }
            // Header and trailer around the details.
            let lines = bytes.filter { $0 == UInt8(ascii: "\n") }.count
            if lines - 2 != (try row.int("record_count")) {
                found.append("recorded file exists | \(name): \(lines - 2) records, \(try row.int("record_count")) recorded")
            }
        }
        return found
    }
}
