import ArgumentParser
import Autodebet
import Foundation
import PostgresClient

struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: ArgumentHelp("PostgreSQL URL (postgresql://…); default DATABASE_URL, then the libpq environment.",
                               valueName: "url"))
    var databaseURL: String?

    func connect() throws -> PostgresConnection {
        try Database.connect(url: databaseURL, environment: ProcessInfo.processInfo.environment)
    }
}

/// The process environment, for clocks, failpoints and resources.
var environment: [String: String] { ProcessInfo.processInfo.environment }
