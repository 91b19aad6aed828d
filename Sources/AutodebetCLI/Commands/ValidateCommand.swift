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
            recomputed. Exit 0 when the file is valid, 2 when it is not.
            """)

    @Argument(help: ArgumentHelp("The file to check.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The layout to check against (e.g. bpd-a), instead of recognising it.", valueName: "name"))
    var layout: String?

    func run() throws {
        let resources = try Resources.locate(environment: environment)
        var catalog = try LayoutCatalog(directories: resources.layoutDirectories)
        if let layout { catalog = try LayoutCatalog(layouts: [catalog.layout(named: layout)]) }
        let candidates = catalog.candidates(path: file)
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
        let kind = detected?.kind ?? .debit
        let report: (FileError) -> Void = { error in print("\(file): \(error)") }
        let verdict: String
        let errors: Int
        do {
            switch kind {
            case .debit:
                let summary = try DebitFileReader.read(path: file, layout: chosen, onDetail: { _ in }, onError: report)
                errors = summary.errorCount
                let header = summary.header.map {
                    "bank \($0.bankCode), period \($0.period), attempt \($0.attempt), file \($0.sequence), debit date \($0.debitDate); "
                } ?? ""
                verdict = "\(chosen.name) debit file: \(header)\(summary.detailCount.grouped) debits, total Rp \(summary.totalAmount.grouped)"
            case .returns:
                let summary = try ReturnFileReader.read(path: file, layout: chosen, onDetail: { _ in }, onError: report)
                errors = summary.errorCount
                let header = summary.header.map {
                    "bank \($0.bankCode), period \($0.period), attempt \($0.attempt), answering file \($0.sequence); "
                } ?? ""
                verdict = "\(chosen.name) return file: \(header)\(summary.detailCount.grouped) answers, "
                    + "\(summary.successCount.grouped) paid for Rp \(summary.successAmount.grouped)"
            }
        } catch let error as FileReadError {
            throw AutodebetError(.invalidInput, error.description)
        }
        guard errors == 0 else {
            throw AutodebetError(.invalidInput, "\(file): invalid \(verdict); \(errors.grouped) error\(errors == 1 ? "" : "s")")
        }
        print("\(file): valid \(verdict)")
    }
}
