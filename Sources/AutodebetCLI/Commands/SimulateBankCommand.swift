import ArgumentParser
import Autodebet
import FixedWidth

struct SimulateBankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-bank",
        abstract: "Answer a debit file as its bank would, writing a return file (test and demo tool).",
        discussion: """
            Writes DIR/RET_<debit file name> in the debit file's layout: one answer per debit, in order, with \
            control totals. Outcomes follow a simulated population of accounts, the same for the same --seed: \
            0.5% invalid accounts and 0.3% invalid mandates (every time), 3% that pay one month in four, 5% short \
            of funds on attempt 1 only, and for the rest 2.5% insufficient funds, 1% temporary failures and \
            0.5% rejections. The return file is written under a temporary name, fsynced and renamed (mode 0600); \
            an invalid debit file is refused (exit 2) and nothing is written.
            """)

    @Argument(help: ArgumentHelp("The debit file to answer.", valueName: "debit-file"))
    var debitFile: String

    @Option(help: ArgumentHelp("Directory for the return file (created if missing).", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Seed of the simulated population; the same seed gives the same answers.", valueName: "n"))
    var seed: UInt64 = BankSimulator.defaultSeed

    func run() throws {
        let resources = try Resources.locate(environment: environment)
        let catalog = try resources.layouts()
        let simulation = try BankSimulator(catalog: catalog, seed: seed).answer(debitFile: debitFile, outputDirectory: out)
        print(simulation.summary)
    }
}
