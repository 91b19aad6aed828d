import ArgumentParser
import Autodebet
import FixedWidth

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a debit or return file against its layout, listing every error with its line.",
        discussion: """
            The layout and the kind of file are recognised from the first line (record length, record type and \
            header fields); --layout names the layout when the first line is itself broken. Every control total is \
            recomputed. A debit file is also compared, by SHA-256, with the files generate recorded in the             database (when it can be reached). Exit 0 when the file is valid, 2 when it is not.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The file to check.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The layout to check against (e.g. bpd-a), instead of recognising it.", valueName: "name"))
    var layout: String?

    func run() throws {
        let resources = try Resources.locate(environment: environment)
        var catalog = try resources.layouts()
        if let layout { catalog = try LayoutCatalog(layouts: [catalog.layout(named: layout)]) }
        let checked: (verdict: String, errors: Int)
        let kind: FileKind
        do {
            let chosen: Layout
            (chosen, kind) = try choose(from: catalog)
            checked = kind == .debit ? try checkDebit(chosen) : try checkReturn(chosen)
        } catch let error as FileReadError {
            throw AutodebetError(.invalidInput, error.description)
        }
        if kind == .debit { print(recordedMatch()) }
        let (verdict, errors) = checked
        guard errors == 0 else {
            throw AutodebetError(.invalidInput, "\(file): invalid \(verdict); \(errors.grouped) error\(errors == 1 ? "" : "s")")
        }
        print("\(file): valid \(verdict)")
    }

    /// The layout and kind recognised from the first line, or the layout named when the
    /// first line fits none (then read as a debit file).
    private func choose(from catalog: LayoutCatalog) throws -> (Layout, FileKind) {
        let candidates = try catalog.recognize(path: file).candidates()
        if candidates.count > 1 {
            throw AutodebetError(.invalidInput, "\(file): the first line fits several layouts ("
                + candidates.map { "\($0.layout.name) \($0.kind)" }.joined(separator: ", ") + "); name one with --layout")
        }
        let detected = candidates.first
        guard let chosen = detected?.layout ?? (layout != nil ? catalog.layouts.first : nil) else {
            let known = catalog.layouts.map { "\($0.name) (\($0.recordLength) bytes)" }.joined(separator: ", ")
            throw AutodebetError(.invalidInput,
                "\(file): the first line matches no known layout's header (known: \(known)); name one with --layout")
        }
        return (chosen, detected?.kind ?? .debit)
    }

    private func checkDebit(_ chosen: Layout) throws -> (verdict: String, errors: Int) {
        let summary = try FixedWidthFileReader<DebitFile>.read(path: file, layout: chosen, onDetail: { _ in }, onError: report)
        let header = summary.header.map {
            "bank \($0.bankCode), period \($0.period), attempt \($0.attempt), file \($0.sequence), debit date \($0.debitDate); "
        } ?? ""
        return ("\(chosen.name) debit file: \(header)\(summary.detailCount.grouped) debits, total Rp \(summary.totalAmount.grouped)",
                summary.errorCount)
    }

    private func checkReturn(_ chosen: Layout) throws -> (verdict: String, errors: Int) {
        let summary = try FixedWidthFileReader<ReturnFile>.read(path: file, layout: chosen, onDetail: { _ in }, onError: report)
        let header = summary.header.map {
            "bank \($0.bankCode), period \($0.period), attempt \($0.attempt), answering file \($0.sequence); "
        } ?? ""
        return ("\(chosen.name) return file: \(header)\(summary.detailCount.counted("answer")), "
                    + "\(summary.successCount.grouped) paid for Rp \(summary.successAmount.grouped)",
                summary.errorCount)
    }

    /// Whether the bytes are a file generate recorded; validate works without a database too.
    private func recordedMatch() -> String {
        do {
            let connection = try database.connect()
            defer { connection.close() }
            switch try RecordedDebitFile.match(path: file, connection: connection) {
            // The hash itself is left out: its digits would read like personal data.
            case (_, .recorded(let name, let cancelled)):
                return "\(file): byte for byte the recorded debit file \(name) (same SHA-256)"
                    + (cancelled ? ", which was cancelled: do not send it" : "")
            case (_, .notRecorded):
                return "\(file): its SHA-256 matches no recorded debit file"
            }
        } catch {
            return "\(file): not compared with the recorded debit files (\(error))"
        }
    }

    private func report(_ error: InputProblem) {
        print("\(file): \(error)")
    }
}
