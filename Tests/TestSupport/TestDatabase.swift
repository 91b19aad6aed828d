import Foundation
import PostgresClient
import Synchronization

/// A real PostgreSQL for tests: the throwaway cluster `make test` starts (PGHOST, PGPORT,
/// PGUSER). Without one, tests fail loudly rather than skip, so a run that forgot the
/// database cannot pass as green.
public struct TestDatabase: Sendable {
    public let name: String

    /// A database by name (its server from libpq's environment).
    public init(name: String) {
        self.name = name
    }

    public struct MissingServer: Error, CustomStringConvertible {
        public var description: String { "PGHOST is not set: run `make test`, which starts a throwaway PostgreSQL" }
    }

    public static func requireServer() throws {
        if ProcessInfo.processInfo.environment["PGHOST"] == nil { throw MissingServer() }
    }

    /// A connection to the cluster's default database.
    public static func connect(applicationName: String = "autodebet-tests") throws -> PostgresConnection {
        try requireServer()
        return try PostgresConnection(applicationName: applicationName)
    }

    private static let template = Mutex<String?>(nil)

    /// A fresh database for one test: a clone of a template that `prepare` fills once per
    /// test process (e.g. migrates), or empty when `prepare` is nil.
    public static func make(preparedBy prepare: ((PostgresConnection) throws -> Void)?) throws -> TestDatabase {
        try requireServer()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        try template.withLock { template in
            let admin = try PostgresConnection(conninfo: "dbname=postgres")
            defer { admin.close() }
            guard let prepare else {
                try admin.execute("CREATE DATABASE \(name)")
                return
            }
            if template == nil {
                let templateName = "autodebet_template_\(getpid())"
                try admin.execute("DROP DATABASE IF EXISTS \(templateName)")
                try admin.execute("CREATE DATABASE \(templateName)")
                let connection = try PostgresConnection(conninfo: "dbname=\(templateName)")
                try prepare(connection)
                connection.close()
                template = templateName
            }
            try admin.execute("CREATE DATABASE \(name) TEMPLATE \(template!)")
        }
        return TestDatabase(name: String(name))
    }

    public func connect() throws -> PostgresConnection {
        try PostgresConnection(conninfo: "dbname=\(name)")
    }

    /// The single value of a one-row, one-column query.
    public func scalar(_ sql: String, _ parameters: [PostgresParameter] = []) throws -> String? {
        let connection = try connect()
        defer { connection.close() }
        return try connection.query(sql, parameters).first?[0]
    }

    /// A count (or any integer) from a one-row, one-column query; -1 when there is none.
    public func count(_ sql: String, _ parameters: [PostgresParameter] = []) throws -> Int {
        Int(try scalar(sql, parameters) ?? "") ?? -1
    }
}
