import ArgumentParser
import Autodebet

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema (compiled in from sql/).",
        discussion: """
            Each migration (sql/migrations) is applied in its own transaction and recorded; the functions and \
            views (sql/functions, sql/views) are applied again whenever one of their files changed. Running again \
            applies nothing new.
            """)

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let resources = try Resources.locate(environment: environment)
        let connection = try database.connect(checkingSchema: false)
        let outcome = try resources.migrator().migrate(connection)
        for name in outcome.definitionsChanged { print("defined \(name)") }
        if outcome.applied.isEmpty {
            print("Schema is up to date (\(outcome.alreadyApplied) migrations already applied).")
        } else {
            for name in outcome.applied { print("applied \(name)") }
            print("Schema is up to date (\(outcome.applied.count) applied now, \(outcome.alreadyApplied) before).")
        }
    }
}
