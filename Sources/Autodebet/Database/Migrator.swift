import Crypto
import PostgresClient
#if canImport(Glibc)
import Glibc
#endif

/// Applies the ordered migrations of `sql/migrations` (`NNNN_name.sql`). Each pending
/// migration runs in its own transaction together with its row in
/// autodebet.schema_migration, so a failure leaves the schema at the last good version.
/// Running again applies nothing new. A recorded migration whose file has changed since
/// is refused: history is not rewritten, a change is a new migration.
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
    }

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func migrations() throws -> [Migration] {
        guard FileSystem.isDirectory(directory) else {
            throw AutodebetError(.failure, "cannot read migrations directory \(directory)")
        }
        var found: [Migration] = []
        for name in try FileSystem.fileNames(in: directory) {
            guard name.hasSuffix(".sql") else { continue }
            let digits = name.prefix { $0.isNumber }
            guard !digits.isEmpty, let version = Int(digits) else {
                throw AutodebetError(.failure, "migration \(name) does not start with its version number")
            }
            let bytes = try readFile(directory + "/" + name)
            let sql = String(decoding: bytes, as: UTF8.self)
            let sha = SHA256.hash(data: bytes).hex
            found.append(Migration(version: version, name: String(name.dropLast(4)), sql: sql, sha256: sha))
        }
        found.sort { $0.version < $1.version }
        for (a, b) in zip(found, found.dropFirst()) where a.version == b.version {
            throw AutodebetError(.failure, "migrations \(a.name) and \(b.name) share version \(a.version)")
        }
        return found
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
        return outcome
    }
}

func readFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw AutodebetError(.invalidInput, "cannot open \(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw AutodebetError(.failure, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[..<n])
    }
    return bytes
}
