import Autodebet

/// The end-of-run summary of `generate`: per bank, the attempt, debit date, files,
/// debits and total rupiah, then each file. No personal data appears in it.
enum GenerationSummary {
    static func render(_ report: GenerationReport) -> String {
        var lines: [String] = []
        let title = report.dryRun ? "Dry run: nothing was written or recorded." : "Debit files in \(report.outputDirectory)"
        lines.append("Period \(report.period). \(title)")
        let active = report.banks.filter { if case .nothingDue = $0.status { false } else { true } }
        let idle = report.banks.filter { if case .nothingDue = $0.status { true } else { false } }
        guard !active.isEmpty else {
            if case .nothingDue(let why)? = idle.first?.status {
                lines.append("Nothing to generate: \(why).")
            } else {
                lines.append("Nothing to generate: no active bank.")
            }
            return lines.joined(separator: "\n")
        }
        var table = TextTable(["BANK", "NAME", "ATTEMPT", "DEBIT DATE", "FILES", "DEBITS", "TOTAL (RP)", "STATUS"],
                              rightAligned: [4, 5, 6])
        for bank in active {
            table.add([bank.bank.code, bank.bank.name, "\(bank.attempt)", bank.debitDate?.description ?? "-",
                       "\(bank.files.count)", bank.debits.grouped, bank.totalAmount.grouped, status(bank)])
        }
        if active.count > 1 {
            table.add(["ALL", "", "", "", "\(active.reduce(0) { $0 + $1.files.count })",
                       report.debits.grouped, report.totalAmount.grouped, ""])
        }
        lines.append(table.rendered)
        for bank in active {
            if let note = bank.note { lines.append("\(bank.bank.code): no further attempt now: \(note).") }
        }
        if !idle.isEmpty {
            lines.append("Nothing due at \(idle.count) bank\(idle.count == 1 ? "" : "s"): "
                         + idle.map(\.bank.code).joined(separator: ", ") + ".")
        }
        lines.append("")
        var fileTable = TextTable(["FILE", "DEBITS", "TOTAL (RP)", "SHA-256"], rightAligned: [1, 2])
        for file in active.flatMap(\.files) {
            var sha = file.sha256.isEmpty ? "-" : file.sha256
            if !report.dryRun && !file.present { sha += "  (missing from the directory)" }
            fileTable.add([file.name, file.recordCount.grouped, file.sha256.isEmpty ? "-" : file.totalAmount.grouped, sha])
        }
        lines.append(fileTable.rendered)
        return lines.joined(separator: "\n")
    }

    static func status(_ bank: BankGeneration) -> String {
        switch bank.status {
        case .written: "written"
        case .alreadyGenerated: "already generated; nothing changed"
        case .wouldWrite: "would write"
        case .nothingDue: "nothing due"
        }
    }
}
