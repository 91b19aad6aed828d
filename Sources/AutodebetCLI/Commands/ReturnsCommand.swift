import ArgumentParser
import Autodebet
import FixedWidth

struct ReturnsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "returns",
        abstract: "Import bank return files.",
        subcommands: [ReturnsImportCommand.self])
}

struct ReturnsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import and reconcile bank return files, each all or nothing.",
        discussion: """
            Bank, period, attempt and the debit file answered are read from each file's header. A file with any \
            error (record format, control totals, a reference unknown, duplicated, already settled or for another \
            amount, an instruction left unanswered) is refused whole: every error is listed, the refusal is \
            recorded, nothing else changes, and the exit code is 2. A file already imported (same SHA-256, whatever \
            its name) changes nothing. The other files are imported all the same.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("Return files.", valueName: "file"))
    var files: [String]

    func run() throws {
        let resources = try Resources.locate(environment: environment)
        let importer = ReturnImport(connection: try database.connect(),
                                    layouts: try resources.layouts(),
                                    environment: environment, logger: Logs.logger)
        var refused = 0
        for file in files {
            do {
                switch try importer.run(path: file, onProblem: { printError("\(file): \($0)") }) {
                case .alreadyImported(let debitFile, let receivedAt):
                    let when = LocalTime.text(epochSeconds: receivedAt, environment: environment)
                    print("\(file): already imported on \(when) (the return of \(debitFile)); nothing changed")
                case .imported(let r):
                    let failed = r.failedByOutcome.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.grouped)" }
                    var line = "\(file): imported the \(r.layout) return of \(r.debitFile): \(r.answers.counted("answer")), "
                        + "\(r.paid.grouped) paid (Rp \(r.paidAmount.grouped)), \((r.answers - r.paid).grouped) failed"
                    if !failed.isEmpty { line += " (" + failed.joined(separator: ", ") + ")" }
                    if r.suspended > 0 { line += "; \(r.suspended.counted("mandate")) suspended" }
                    if r.revoked > 0 { line += "; \(r.revoked.counted("mandate")) revoked" }
                    print(line)
                    if r.periodClosed {
                        print("\(file): period \(r.period) is closed; run `autodebet close --period \(r.period)` again to update its results")
                    }
                }
            } catch let error as AutodebetError where error.kind == .invalidInput {
                printError("autodebet: \(error.description)")
                refused += 1
            }
        }
        MetricsFile.set("autodebet_returns_imported", Double(files.count - refused))
        MetricsFile.set("autodebet_returns_refused", Double(refused))
        if refused > 0 {
            throw AutodebetError(.invalidInput, "\(refused) of \(files.count) return files refused")
        }
    }
}
