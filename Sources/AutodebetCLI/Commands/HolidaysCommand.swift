import ArgumentParser
import Autodebet
import FixedWidth

struct HolidaysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holidays",
        abstract: "The holiday calendar: public holidays and cuti bersama, non-business days for debit and due dates.",
        subcommands: [HolidaysImportCommand.self, HolidaysListCommand.self])
}

struct HolidaysImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a year's decreed holidays from a CSV file, all or nothing.",
        discussion: """
            Columns: date,kind,name (date YYYY-MM-DD; kind public or collective_leave). A date already loaded is \
            updated. Any invalid row rejects the whole file: every problem is listed with its line and column, and \
            nothing is imported (exit 2).
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The holidays CSV file.", valueName: "file.csv"))
    var file: String

    @Option(help: ArgumentHelp("The decree the dates come from, recorded with each (e.g. \"SKB 1234/2026\").",
                               valueName: "text"))
    var regulation: String?

    func run() throws {
        let importer = HolidayImport(connection: try database.connect())
        let o = try importer.run(path: file, regulation: regulation) { printError("\(file): \($0)") }
        let years = o.years.map(String.init).joined(separator: ", ")
        print("""
            Imported \(file): \(o.rows.grouped) \(o.rows == 1 ? "holiday" : "holidays") for \(years.isEmpty ? "no year" : years); \
            \(o.inserted.grouped) new, \(o.updated.grouped) updated, \(o.unchanged.grouped) unchanged.
            """)
    }
}

struct HolidaysListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show a year's holidays.",
        discussion: "--format csv prints the columns holidays import reads (date,kind,name).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv
    }

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The year.", valueName: "YYYY"))
    var year: Int

    @Option(help: "table (for people) or csv (the import format).")
    var format: Format = .table

    func validate() throws {
        guard (2000...2999).contains(year) else { throw ValidationError("--year takes a year such as 2027, not \(year)") }
    }

    func run() throws {
        let holidays = try Holiday.list(try database.connect(), year: year)
        switch format {
        case .csv:
            print(HolidayRendering.csv(holidays), terminator: "")
        case .table:
            print(HolidayRendering.table(holidays, year: year))
        }
    }
}
