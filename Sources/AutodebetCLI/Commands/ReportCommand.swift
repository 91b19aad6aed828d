import ArgumentParser
import Autodebet
import FixedWidth
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Collection summary of a period or a range of periods: per bank and attempt, and per bank in participants.",
        discussion: """
            Reads the finance views only, so a role with nothing but finance_reader can run it. \
            Debits paid: debits the bank paid, per attempt. Participants paid: participants paid by a debit in \
            any attempt of the period. Collection rate: participants paid / participants due (those the bank \
            was asked to debit); empty while nothing is answered. --format html writes one self-contained \
            page (charts, no script, nothing fetched) to --out.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json, html
    }

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The period, YYYY-MM (the first of the range with --to).", valueName: "YYYY-MM"))
    var period: Period

    @Option(help: ArgumentHelp("The last period of the range, YYYY-MM.", valueName: "YYYY-MM"))
    var to: Period?

    @Option(help: "table (for people), csv or json (for machines), html (a page of charts; needs --out).")
    var format: Format = .table

    @Option(help: ArgumentHelp("The file to write (html).", valueName: "FILE"))
    var out: String?

    /// More periods than this in one report is a mistake in --to.
    static let maxPeriods = 120

    func validate() throws {
        if let to, to < period { throw ValidationError("--to \(to) is before --period \(period)") }
        if periods.count > Self.maxPeriods { throw ValidationError("at most \(Self.maxPeriods) periods in one report") }
        if format == .html, out == nil { throw ValidationError("--format html needs --out FILE") }
        if format != .html, out != nil { throw ValidationError("--out is for --format html") }
    }

    var periods: [Period] {
        var list: [Period] = [], next = period
        let last = to ?? period
        for _ in 0...Self.maxPeriods where next <= last {
            list.append(next)
            next = next.next
        }
        return list
    }

    func run() throws {
        // Not checking the schema: a finance_reader may not read autodebet.schema_migration.
        let connection = try database.connect(checkingSchema: false)
        let last = to ?? period
        if format == .html, let out {
            let overview = try CollectionOverview.load(connection, from: period, to: last)
            do {
                try Data(ReportPage.html(overview).utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw AutodebetError(.failure, "cannot write \(out): \(error.localizedDescription)")
            }
            print("Wrote \(out)")
            return
        }
        let reports = try periods.map { try CollectionReport.load(connection, period: $0) }
        let collection = try PeriodCollection.load(connection, from: period, to: last)
        switch format {
        case .table: print(ReportRendering.table(reports, collection))
        case .csv: print(ReportRendering.csv(collection), terminator: "")
        case .json, .html: print(ReportRendering.json(reports, collection))
        }
    }
}
