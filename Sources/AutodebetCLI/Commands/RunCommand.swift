import ArgumentParser
import Autodebet
import FixedWidth
#if canImport(Glibc)
import Glibc
#endif

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The daily job (cron): import the inbox, generate what is due into the outbox, close what can close.",
        discussion: """
            In order: imports every return file of the inbox unchanged for --settle-seconds and moves it to \
            ARCHIVE/YYYY-MM/imported/ or ARCHIVE/YYYY-MM/refused/ (with NAME.errors.txt beside it); generates every \
            attempt that is due (attempt 1 from the bank's lead_days business days before its debit date, retries \
            once the previous attempt's returns are in, never on a debit date that has passed) into the outbox, \
            where a file appears only once recorded; closes every period past its due date with every return in, \
            and again one that received a late return; prints a summary. Running it again the same day does nothing \
            more. Exit 0 all well, 4 something needs a person (a refused file, an overdue return), 1 failure, \
            3 another run holds the lock.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Where the banks' return files arrive (the transfer tool drops them here).", valueName: "dir"))
    var inbox: String

    @Option(help: ArgumentHelp("Where debit files appear for the transfer tool to send.", valueName: "dir"))
    var outbox: String

    @Option(help: ArgumentHelp("Where imported and refused return files are kept, by month.", valueName: "dir"))
    var archive: String

    @Option(name: .customLong("settle-seconds"),
            help: ArgumentHelp("Import a file only once unchanged this long (a file still being uploaded waits).", valueName: "n"))
    var settleSeconds: Int = 60

    func validate() throws {
        guard (0...86_400).contains(settleSeconds) else { throw ValidationError("--settle-seconds takes 0 to 86400") }
        let dirs = [inbox, outbox, archive]
        guard Set(dirs).count == 3 else { throw ValidationError("--inbox, --outbox and --archive must be three different directories") }
    }

    func run() throws {
        let resources = try Resources.locate(environment: environment)
        let service = ServiceRun(connection: try database.connect(), layouts: try resources.layouts(),
                                 today: try Today.date(environment: environment),
                                 environment: environment, logger: Logs.logger)
        let outcome = try service.run(.init(inbox: inbox, outbox: outbox, archive: archive, settleSeconds: settleSeconds))
        RunMetrics.record(outcome)
        print(RunSummary.render(outcome, outbox: outbox))
        if outcome.needsPerson {
            fflush(nil)   // the summary before the error line, also when both go to one file
            throw AutodebetError(.refused, "run: something needs a person (above)")
        }
    }
}
