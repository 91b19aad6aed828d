import Crypto
import FixedWidth
import PostgresClient
#if canImport(Glibc)
import Glibc
#endif

/// Applies the schema in `sql/`: first the ordered migrations of `sql/migrations`
/// (`NNNN_name.sql`, tables and data), then the repeatable definitions of
/// `sql/functions` and `sql/views` (the rules: functions and views, `CREATE OR REPLACE`).
///
/// Each pending migration runs in its own transaction together with its row in
/// autodebet.schema_migration, so a failure leaves the schema at the last good version.
/// A recorded migration whose file has changed since is refused: history is not
/// rewritten, a change is a new migration. The definitions are the current text of each
/// rule: when any of their files is new or changed (by SHA-256, recorded in
/// autodebet.schema_definition), all of them are applied again, in order, in one
/// transaction (a view may depend on a function); otherwise none is. Running again
/// applies nothing new.
public struct Migrator {
    public struct Migration: Sendable {
        public let version: Int
        public let name: String
        public let sql: String
        public let sha256: String
    }

    public struct Outcome: Sendable {
        public var applied: [String] = []
        public var alreadyApplied = 0
        /// Definition files new or changed since the last run (all were applied again).
        public var definitionsChanged: [String] = []
    }

    /// The schema files by path under `sql/` ("migrations/0001_registry.sql",
    /// "functions/10_contribution.sql", …), with their bytes.
    let files: [String: [UInt8]]

    /// The schema compiled into the program (EmbeddedFiles, a copy of the repository's sql/).
    public init() {
        var files: [String: [UInt8]] = [:]
        for file in EmbeddedFiles.all where file.path.hasPrefix("sql/") {
            files[String(file.path.dropFirst(4))] = Array(file.text.utf8)
        }
        self.files = files
    }

    /// The schema in a `sql` directory (AUTODEBET_HOME, tests).
    public init(sqlDirectory root: String) throws {
        guard FileSystem.isDirectory(root + "/migrations") else {
            throw AutodebetError(.failure, "cannot read migrations directory \(root)/migrations")
        }
        var files: [String: [UInt8]] = [:]
        for kind in ["migrations", "functions", "views"] where FileSystem.isDirectory(root + "/" + kind) {
            for name in try FileSystem.fileNames(in: root + "/" + kind) where name.hasSuffix(".sql") {
                files[kind + "/" + name] = try readFile(root + "/" + kind + "/" + name)
            }
        }
        self.files = files
    }

    /// The names of the `.sql` files of one kind (migrations, functions, views), sorted.
    func names(_ kind: String) -> [String] {
        files.keys.filter { $0.hasPrefix(kind + "/") }.map { String($0.dropFirst(kind.count + 1)) }.sorted()
    }

    public func migrations() throws -> [Migration] {
        var found: [Migration] = []
        for name in names("migrations") {
            guard let version = Self.version(ofMigration: name) else {
                throw AutodebetError(.failure, "migration \(name) does not start with its version number")
            }
            found.append(Self.migration(files["migrations/" + name]!, version: version, name: String(name.dropLast(4))))
        }
        found.sort { $0.version < $1.version }
        for (a, b) in zip(found, found.dropFirst()) where a.version == b.version {
            throw AutodebetError(.failure, "migrations \(a.name) and \(b.name) share version \(a.version)")
        }
        return found
    }

    /// The schema version this program expects: its latest migration's number.
    /// From the file names alone: every command asks, before it connects.
    public var schemaVersion: Int {
        names("migrations").compactMap(Self.version(ofMigration:)).max() ?? 0
    }

    /// The number a migration's file name starts with ("0013_result_states.sql" → 13).
    static func version(ofMigration name: String) -> Int? {
        Int(name.prefix { $0.isNumber })
    }

    /// The repeatable definitions, functions before views, each directory in name order.
    public func definitions() throws -> [Migration] {
        ["functions", "views"].flatMap { kind in
            names(kind).map { Self.migration(files[kind + "/" + $0]!, version: 0, name: kind + "/" + $0) }
        }
    }

    static func migration(_ bytes: [UInt8], version: Int, name: String) -> Migration {
        Migration(version: version, name: name, sql: String(decoding: bytes, as: UTF8.self),
                  sha256: SHA256.hash(data: bytes).hex)
    }

    @discardableResult
    public func migrate(_ connection: PostgresConnection) throws -> Outcome {
        try connection.acquire(.migrate)
        defer { try? connection.release(.migrate) }
        try connection.execute("""
            SET client_min_messages = warning;
            CREATE SCHEMA IF NOT EXISTS autodebet;
            CREATE TABLE IF NOT EXISTS autodebet.schema_migration (
                version    int PRIMARY KEY,
                name       text NOT NULL,
                sha256     text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """)
        var recorded: [Int: (name: String, sha256: String)] = [:]
        for row in try connection.query("SELECT version, name, sha256 FROM autodebet.schema_migration") {
            recorded[try row.int("version")] = (try row.string("name"), try row.string("sha256"))
        }
        var outcome = Outcome()
        for migration in try migrations() {
            if let done = recorded[migration.version] {
                guard done.sha256 == migration.sha256 else {
                    throw AutodebetError(.refused, "migration \(migration.name) was applied but its file has changed since; add a new migration instead")
                }
                outcome.alreadyApplied += 1
                continue
            }
            do {
                try connection.transaction {
                    try connection.execute(migration.sql)
                    try connection.query(
                        "INSERT INTO autodebet.schema_migration (version, name, sha256) VALUES ($1, $2, $3)",
                        [migration.version, migration.name, migration.sha256])
                    try AuditLog.record(connection, action: "migrate", subject: migration.name,
                                        details: { var o = JSONObject(); o.add("sha256", migration.sha256); return o.text }())
                }
            } catch let error as PostgresError {
                throw AutodebetError(.failure, "migration \(migration.name) failed and was rolled back: \(error)")
            }
            outcome.applied.append(migration.name)
        }
        // A migration may drop what the definitions make (a view over a table it rebuilds).
        outcome.definitionsChanged = try applyDefinitions(connection, all: !outcome.applied.isEmpty)
        return outcome
    }

    /// Applies every definition again when any is new or changed, or when `all`; returns
    /// those applied for a change of their own.
    private func applyDefinitions(_ connection: PostgresConnection, all: Bool) throws -> [String] {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS autodebet.schema_definition (
                name       text PRIMARY KEY,
                sha256     text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        var recorded: [String: String] = [:]
        for row in try connection.query("SELECT name, sha256 FROM autodebet.schema_definition") {
            recorded[try row.string("name")] = try row.string("sha256")
        }
        let definitions = try definitions()
        let changed = definitions.filter { recorded[$0.name] != $0.sha256 }.map(\.name)
        guard !changed.isEmpty || all else { return [] }
        do {
            try connection.transaction {
                // A function may name a view defined after it (as pg_dump restores them).
                try connection.execute("SET LOCAL check_function_bodies = off")
                for definition in definitions {
                    try connection.execute(definition.sql)
                    try connection.query("""
                        INSERT INTO autodebet.schema_definition (name, sha256) VALUES ($1, $2)
                        ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, applied_at = now()
                        """, [definition.name, definition.sha256])
                }
                var details = JSONObject()
                details.add("changed", strings: changed)
                details.add("applied", strings: definitions.map { "\($0.name) sha256:\($0.sha256)" })
                try AuditLog.record(connection, action: "migrate.definitions", subject: "sql/functions, sql/views",
                                    details: details.text)
            }
        } catch let error as PostgresError {
            throw AutodebetError(.failure, "the definitions in sql/functions and sql/views failed and were rolled back: \(error)")
        }
        return changed
    }
}

/// A schema file's bytes (at most 4 MiB: a migration larger than that is a mistake).
func readFile(_ path: String) throws -> [UInt8] {
    do {
        return try FileDescriptorSource.contents(path: path, limit: 4 << 20)
    } catch let error as FileReadError {
        throw AutodebetError(.failure, "cannot read \(error)")
    }
}
