import ArgumentParser
import Autodebet
import FixedWidth

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the next due attempt's debit files for a period, one file per bank (and attempt).",
        discussion: """
            Idempotent: an attempt already generated is reported, not generated again. Each file is written \
            under a hidden temporary name and fsynced (mode 0600), recorded with its instructions in one \
            transaction, and renamed into place only after COMMIT: the directory never shows an unrecorded \
            file. A recorded file missing from the directory is written again from the database (SHA-256 \
            checked). Exits 3 while another run generates the same period.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The period to collect, YYYY-MM.", valueName: "YYYY-MM"))
    var period: Period

    @Option(name: .customLong("bank"), help: ArgumentHelp("Only this bank (3-digit code); repeatable. Default: every active bank.", valueName: "code"))
    var banks: [String] = []

    @Option(help: ArgumentHelp("Directory for the debit files (created if missing).", valueName: "dir"))
    var out: String = "."

    @Option(name: .customLong("debit-date"),
            help: ArgumentHelp("Debit date to write instead of the bank's debit day for the attempt.", valueName: "YYYY-MM-DD"))
    var debitDate: CalendarDate?

    @Flag(name: .customLong("dry-run"), help: "Show what would be generated; change nothing.")
    var dryRun = false

    @Flag(help: "Print nothing unless something failed or needs a person (for cron).")
    var quiet = false

    func validate() throws {
        for code in banks where !(code.count == 3 && code.allSatisfy(\.isNumber)) {
            throw ValidationError("--bank takes a 3-digit bank code, not '\(code)'")
        }
    }

    func run() throws {
        let resources = try Resources.locate(environment: environment)
        let layouts = try resources.layouts()
        let connection = try database.connect()
        let generator = Generator(connection: connection, layouts: layouts,
                                  today: try Today.date(environment: environment),
                                  environment: environment, logger: Logs.logger)
        let report = try generator.run(.init(period: period, bankCodes: banks, outputDirectory: out,
                                             debitDate: debitDate, dryRun: dryRun))
        if !dryRun {
            MetricsFile.set("autodebet_debits_generated", Double(report.debits))
            MetricsFile.set("autodebet_rupiah_generated", Double(report.totalAmount))
        }
        if !quiet {
            print(GenerationSummary.render(report))
        } else if let needsPerson = GenerationSummary.quiet(report) {
            print(needsPerson)
        }
    }
}
