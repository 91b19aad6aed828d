import ArgumentParser
import Autodebet

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema from sql/migrations.",
        discussion: "Each migration is applied in its own transaction and recorded; running again applies nothing new.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let resources = try Resources.locate(environment: environment)
        let connection = try database.connect()
        let outcome = try Migrator(directory: resources.migrationsDirectory).migrate(connection)
        if outcome.applied.isEmpty {
            print("Schema is up to date (\(outcome.alreadyApplied) migrations already applied).")
        } else {
            for name in outcome.applied { print("applied \(name)") }
            print("Schema is up to date (\(outcome.applied.count) applied now, \(outcome.alreadyApplied) before).")
        }
    }
}
