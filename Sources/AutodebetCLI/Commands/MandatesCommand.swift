import ArgumentParser
import Autodebet

struct MandatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mandates",
        abstract: "Manage autodebit mandates.",
        subcommands: [MandatesImportCommand.self])
}

struct MandatesImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load or update mandates from a CSV file, all or nothing.",
        discussion: """
            Columns: mandate_ref,kpj,nik,name,sector,income,jht,bank_code,account_no,account_name,signed_on,\
            start_period,end_period,paid_through,status. A row whose mandate_ref exists updates that mandate; a new \
            active mandate supersedes the participant's old one. Any invalid row rejects the whole file: every \
            problem is listed with its line, column, value and reason, and nothing is imported (exit 2).
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The mandates CSV file.", valueName: "file.csv"))
    var file: String

    func run() throws {
        let connection = try database.connect()
        let importer = MandateImport(connection: connection, today: try Today.date(environment: environment),
                                     logger: Logs.logger, environment: environment)
        let outcome = try importer.run(path: file, progress: ProgressCounter(label: "rows read")) { problem in
            printError("\(file): \(problem)")
        }
        print("""
            Imported \(file): \(outcome.rows.grouped) rows; \(outcome.inserted.grouped) new mandates, \
            \(outcome.updated.grouped) updated, \(outcome.unchanged.grouped) unchanged, \
            \(outcome.superseded.grouped) superseded; \(outcome.newParticipants.grouped) new participants.
            """)
    }
}
