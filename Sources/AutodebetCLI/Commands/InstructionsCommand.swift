import ArgumentParser
import Autodebet
import FixedWidth

struct InstructionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instructions",
        abstract: "Single debit instructions.",
        subcommands: [InstructionsReverseCommand.self])
}

struct InstructionsReverseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reverse",
        abstract: "Record a debit the bank reversed after reporting it paid.",
        discussion: """
            The instruction becomes reversed: no finance view counts it as collected, and `close` run again makes \
            the participant's period unpaid unless another payment covers it. Only a paid debit can be reversed \
            (else exit 4). Audited with the reason.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The instruction's reference (as in the debit and return files).", valueName: "reference"))
    var reference: String

    @Option(help: ArgumentHelp("Why (recorded with the instruction and in the audit trail).", valueName: "text"))
    var reason: String

    func run() throws {
        let o = try InstructionReversal(connection: try database.connect()).run(reference: reference, reason: reason)
        print("Reversed \(o.reference) (bank \(o.bankCode), period \(o.period)): Rp \(o.amount.grouped) is no longer counted as collected.")
        if o.periodClosed {
            print("Period \(o.period) is closed: run `autodebet close --period \(o.period)` again to recompute the participant's result.")
        }
    }
}
