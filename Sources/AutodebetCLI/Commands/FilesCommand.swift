import ArgumentParser
import Autodebet
import FixedWidth

struct FilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "Debit files: where each stands; cancel one the bank never processed; write one again.",
        subcommands: [FilesListCommand.self, FilesCancelCommand.self, FilesRewriteCommand.self])
}

extension DebitFileStatus: ExpressibleByArgument {}

struct FilesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Every debit file with its bank, period, attempt, records, rupiah, debit date and status.",
        discussion: """
            Status: awaiting (no return yet; its age in business days since the debit date, overdue once past the \
            bank's return_days, default 2), answered (with the return file), cancelled (with the reason). \
            Awaiting files come first, overdue ones first of all.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Only this period, YYYY-MM.", valueName: "YYYY-MM"))
    var period: Period?

    @Option(help: ArgumentHelp("Only this bank (3-digit code).", valueName: "code"))
    var bank: String?

    @Option(help: ArgumentHelp("Only files with this status: awaiting, answered or cancelled.", valueName: "status"))
    var status: DebitFileStatus?

    @Option(help: "table (for people), csv or json (for machines).")
    var format: OutputFormat = .table

    func run() throws {
        let today = try Today.date(environment: environment)
        let files = try DebitFiles(connection: try database.connect(), today: today)
            .list(.init(period: period, bankCode: bank, status: status))
        switch format {
        case .table: print(FileListRendering.table(files, today: today, environment: environment))
        case .csv: print(FileListRendering.csv(files, environment: environment), terminator: "")
        case .json: print(FileListRendering.json(files, environment: environment))
        }
    }
}

struct FilesCancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a debit file the bank rejected whole or never received (no money moved).",
        discussion: """
            Allowed only while no return for the file was imported (else exit 4). Its debits become cancelled; the \
            next `generate` for the period writes them again in a replacement file of the same attempt (the next \
            sequence number), for the same amounts, under new references, leaving out mandates no longer active. \
            A return for the cancelled file is refused. Audited with the reason.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The debit file's name (AD_<bank>_<YYYYMM>_A<n>_S<nnnn>.txt).", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("Why (recorded with the file and in the audit trail).", valueName: "text"))
    var reason: String

    func run() throws {
        let o = try FileCancel(connection: try database.connect(), today: try Today.date(environment: environment),
                               environment: environment).run(name: name, reason: reason)
        print("""
            Cancelled \(o.file.name): \(o.instructions.counted("debit")) for Rp \(o.file.totalAmount.grouped) will not be \
            collected from this file.
            Next: `autodebet generate --period \(o.file.period) --bank \(o.file.bankCode)` writes their replacement \
            (attempt \(o.file.attempt), new references).
            """)
    }
}

struct FilesRewriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrite",
        abstract: "Write a recorded debit file again from the database, byte for byte.",
        discussion: """
            For an outgoing copy that was lost or damaged. The file is rebuilt from its recorded header and \
            instructions; only when its SHA-256 equals the recorded one is it written (atomically, mode 0600), \
            else nothing is written and the exit is 4. A cancelled file is never written again. Audited.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The debit file's name.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("Directory to write it into (created if missing).", valueName: "dir"))
    var out: String = "."

    func run() throws {
        let resources = try Resources.locate(environment: environment)
        let o = try FileRewrite(connection: try database.connect(),
                                layouts: try resources.layouts(),
                                today: try Today.date(environment: environment)).run(name: name, directory: out)
        print("Wrote \(o.path): \(o.file.recordCount.counted("debit")), Rp \(o.file.totalAmount.grouped), SHA-256 \(o.file.sha256) (as recorded).")
    }
}
