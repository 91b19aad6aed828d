import ArgumentParser
import Autodebet
import FixedWidth

struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Move a closed period's debit instructions to the archive schema.",
        discussion: """
            The period's partition is detached, whole, into schema archive (archive.debit_instruction_YYYY_MM); \
            its results stay for lapse and reinstatement; the current periods are not touched. Refused (exit 4) \
            for a period not closed, one with debits awaiting a return, or one already archived. Audited.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The period to archive, YYYY-MM.", valueName: "YYYY-MM"))
    var period: Period

    @Option(help: ArgumentHelp("Why (recorded in the audit trail).", valueName: "text"))
    var reason: String

    func run() throws {
        let o = try PeriodArchive(connection: try database.connect()).run(period: period, reason: reason)
        print("Archived \(o.period): \(o.instructions.grouped) debit \(o.instructions == 1 ? "instruction" : "instructions") moved to \(o.table).")
    }
}
