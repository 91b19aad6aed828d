import Autodebet
import Foundation
import PostgresClient
import Synchronization
import Testing

/// A fresh, migrated database for one test, cloned from a template migrated once per
/// test process, on the throwaway cluster `make test` starts (PGHOST, PGPORT, PGUSER).
struct TestDatabase {
    let name: String

    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    private static let template = Mutex<String?>(nil)

    /// Creates the database; `migrated: false` gives an empty one.
    static func make(migrated: Bool = true) throws -> TestDatabase {
        guard ProcessInfo.processInfo.environment["PGHOST"] != nil else {
            throw TestSetupError("PGHOST is not set: run `make test`, which starts a throwaway PostgreSQL")
        }
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        try template.withLock { template in
            let admin = try PostgresConnection(conninfo: "dbname=postgres")
            defer { admin.close() }
            if migrated {
                if template == nil {
                    let templateName = "autodebet_template_\(getpid())"
                    try admin.execute("DROP DATABASE IF EXISTS \(templateName)")
                    try admin.execute("CREATE DATABASE \(templateName)")
                    let connection = try PostgresConnection(conninfo: "dbname=\(templateName)")
                    try Migrator(sqlDirectory: repositoryRoot + "/sql").migrate(connection)
                    connection.close()
                    template = templateName
                }
                try admin.execute("CREATE DATABASE \(name) TEMPLATE \(template!)")
            } else {
                try admin.execute("CREATE DATABASE \(name)")
            }
        }
        return TestDatabase(name: String(name))
    }

    func connect() throws -> PostgresConnection {
        try PostgresConnection(conninfo: "dbname=\(name)")
    }

    /// The single value of a one-row, one-column query.
    func scalar(_ sql: String, _ parameters: [PostgresParameter] = []) throws -> String? {
        let connection = try connect()
        defer { connection.close() }
        return try connection.query(sql, parameters).first?[0]
    }

    func count(_ sql: String, _ parameters: [PostgresParameter] = []) throws -> Int {
        Int(try scalar(sql, parameters) ?? "") ?? -1
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
