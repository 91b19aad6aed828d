import ArgumentParser
import Autodebet
import FixedWidth

struct CloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Settle a period: paid or unpaid per participant, lapse and reinstatement.",
        discussion: """
            Refused (exit 4) before the period's due date and while any debit of the period awaits its return \
            (the files are listed). Running it again recomputes, e.g. after a late return.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The period to close, YYYY-MM.", valueName: "YYYY-MM"))
    var period: Period

    func run() throws {
        let close = PeriodClose(connection: try database.connect(), today: try Today.date(environment: environment),
                                logger: Logs.logger, environment: environment)
        let o = try close.run(period: period)
        print("""
            \(o.recomputed ? "Recomputed" : "Closed") \(o.period): \(o.participants.grouped) participants, \
            \(o.paid.grouped) paid (\(o.paidByDebit.grouped) participants paid by a debit, \(o.paidElsewhere.grouped) \
            through other channels), \(o.unpaid.grouped) unpaid; \(o.lapsed.grouped) lapsed, \(o.reinstated.grouped) reinstated.
            """)
    }
}
