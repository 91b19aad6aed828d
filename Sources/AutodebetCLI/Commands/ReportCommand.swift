import ArgumentParser
import Autodebet
import FixedWidth

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Per-bank, per-attempt collection summary of a period.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The period, YYYY-MM.", valueName: "YYYY-MM"))
    var period: Period

    @Option(help: "table (for people), csv or json (for machines).")
    var format: Format = .table

    func run() throws {
        // Not checking the schema: a finance_reader may not read autodebet.schema_migration.
        let report = try CollectionReport.load(try database.connect(checkingSchema: false), period: period)
        switch format {
        case .table: print(ReportRendering.table(report))
        case .csv: print(ReportRendering.csv(report), terminator: "")
        case .json: print(ReportRendering.json(report))
        }
    }
}
