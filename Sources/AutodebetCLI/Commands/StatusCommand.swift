import ArgumentParser
import Autodebet
import FixedWidth

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What needs a person today.",
        discussion: """
            Across open periods: per bank the latest attempt and the next one due (with its debit date), files \
            awaiting a return and since when (overdue first), refused return files not yet followed by an accepted \
            one, periods ready to close, and the last year with holidays loaded. With --check, exits 4 when a file \
            is overdue or a return file refused (for monitoring), else 0.
            """)

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Exit 4 when anything is overdue or refused, else 0.")
    var check = false

    func run() throws {
        let resources = try Resources.locate(environment: environment)
        let report = try StatusReport.load(connection: try database.connect(),
                                           layouts: try resources.layouts(),
                                           today: try Today.date(environment: environment),
                                           environment: environment, logger: Logs.logger)
        RunMetrics.record(report)
        print(StatusRendering.render(report, environment: environment))
        if check && report.needsPerson {
            throw AutodebetError(.refused, "status --check: something needs a person (above)")
        }
    }
}
