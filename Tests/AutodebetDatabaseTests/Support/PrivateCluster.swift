import Foundation
import PostgresClient
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster of one test's own (initdb and pg_ctl, found as scripts/with-postgres
/// finds them), so that the test may stop the server mid-run without touching the shared
/// cluster the other tests use. Unix socket only, in its own directory; as root the server
/// runs as `postgres`.
final class PrivateCluster {
    let base: String
    var data: String { base + "/data" }
    var socket: String { base + "/sock" }
    let role: String

    static let bindir: String? = {
        if let out = try? Program.run("/usr/bin/env", ["pg_config", "--bindir"]),
           FileManager.default.isExecutableFile(atPath: out.trimmingCharacters(in: .whitespacesAndNewlines) + "/initdb") {
            return out.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
            .last { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }()

    init() throws {
        guard let bindir = Self.bindir else { throw Program.Failure(description: "no PostgreSQL server (initdb) found") }
        var template = Array((NSTemporaryDirectory() + "autodebet-cluster.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw Program.Failure(description: "mkdtemp failed") }
        base = String(cString: made)
        chmod(base, 0o755)
        try FileManager.default.createDirectory(atPath: base + "/sock", withIntermediateDirectories: true)
        role = getuid() == 0 ? "postgres" : ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        if getuid() == 0 { try Program.run("/bin/chown", ["-R", "postgres:", base]) }
        try serverProgram(bindir + "/initdb", ["-D", data, "-U", role, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"])
        try start()
    }

    private func serverProgram(_ program: String, _ arguments: [String]) throws {
        if getuid() == 0 {
            try Program.run("/usr/sbin/runuser", ["-u", "postgres", "--", program] + arguments)
        } else {
            try Program.run(program, arguments)
        }
    }

    func start() throws {
        try serverProgram(Self.bindir! + "/pg_ctl", ["-D", data, "-l", base + "/server.log", "-w",
                                                    "-o", "-p 5432 -k \(socket) -c listen_addresses=''", "start"])
    }

    /// The server dies on the spot, as in a crash: no session is told.
    func stopImmediately() throws {
        try serverProgram(Self.bindir! + "/pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])
    }

    /// libpq's environment for the cluster's default database.
    var environment: [String: String] {
        ["PGHOST": socket, "PGPORT": "5432", "PGUSER": role, "PGDATABASE": "postgres"]
    }

    func connect() throws -> PostgresConnection {
        try PostgresConnection(conninfo: "host=\(socket) port=5432 user=\(role) dbname=postgres")
    }

    func remove() {
        try? stopImmediately()
        try? FileManager.default.removeItem(atPath: base)
    }
}
