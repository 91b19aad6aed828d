import ArgumentParser
import Autodebet
import Foundation
import PostgresClient

struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: ArgumentHelp("PostgreSQL URL (postgresql://…); default DATABASE_URL, then the libpq environment.",
                               valueName: "url"))
    var databaseURL: String?

    @Option(name: .customLong("metrics-file"),
            help: ArgumentHelp("Write Prometheus metrics here (node_exporter textfile collector); default AUTODEBET_METRICS_FILE.",
                               valueName: "path"))
    var metricsFile: String?

    func validate() throws {
        MetricsFile.use(metricsFile)
    }

    /// Connects, and unless `checkingSchema` is false (migrate), refuses a database whose
    /// schema is missing or older than this program's ("run autodebet migrate first").
    func connect(checkingSchema: Bool = true) throws -> PostgresConnection {
        let connection = try Database.connect(url: databaseURL, environment: environment)
        if checkingSchema {
            try SchemaVersion.require(connection, expected: try Resources.locate(environment: environment).migrator().schemaVersion)
        }
        return connection
    }
}

/// The process environment, for clocks, failpoints and resources: read once, from
/// `environ` (Foundation's ProcessInfo copies it at every read, and its first read alone
/// costs a participant lookup half a millisecond). The first of a repeated name wins, as
/// with getenv.
let environment: [String: String] = {
    var variables: [String: String] = [:]
    var entry = environ
    while let text = entry.pointee {
        let pair = String(cString: text)
        if let equals = pair.firstIndex(of: "="), variables[String(pair[..<equals])] == nil {
            variables[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        entry += 1
    }
    return variables
}()
