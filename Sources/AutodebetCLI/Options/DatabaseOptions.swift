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

/// The process environment, for clocks, failpoints and resources.
var environment: [String: String] { ProcessInfo.processInfo.environment }
