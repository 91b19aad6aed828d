import Autodebet

/// The end-of-run summary of `generate`: per bank, the attempt, debit date, files,
/// debits and total rupiah, then each file. No personal data appears in it.
enum GenerationSummary {
    static func render(_ report: GenerationReport) -> String {
        var lines: [String] = []
        let title = report.dryRun ? "Dry run: nothing was written or recorded." : "Debit files in \(report.outputDirectory)"
        lines.append("Period \(report.period). \(title)")
        guard !report.banks.isEmpty else {
            lines.append("No active bank to generate for.")
            return lines.joined(separator: "\n")
        }
        var table = TextTable(["BANK", "NAME", "ATTEMPT", "DEBIT DATE", "FILES", "DEBITS", "TOTAL (RP)", "STATUS"],
                              rightAligned: [4, 5, 6])
        for bank in report.banks {
            table.add([bank.bank.code, bank.bank.name, "\(bank.attempt)", bank.debitDate?.description ?? "-",
                       "\(bank.files.count)", bank.debits.grouped, bank.totalAmount.grouped, status(bank)])
        }
        table.add(["ALL", "", "", "", "\(report.banks.reduce(0) { $0 + $1.files.count })",
                   report.debits.grouped, report.totalAmount.grouped, ""])
        lines.append(table.rendered)
        let files = report.banks.flatMap(\.files)
        if !files.isEmpty {
            lines.append("")
            var fileTable = TextTable(["FILE", "DEBITS", "TOTAL (RP)", "SHA-256"], rightAligned: [1, 2])
            for file in files {
                var sha = file.sha256.isEmpty ? "-" : file.sha256
                if !report.dryRun && !file.present { sha += "  (missing from the directory)" }
                fileTable.add([file.name, file.recordCount.grouped,
                               file.sha256.isEmpty ? "-" : file.totalAmount.grouped, sha])
            }
            lines.append(fileTable.rendered)
        }
        let nothing = report.banks.filter { if case .nothingDue = $0.status { true } else { false } }
        if nothing.count == report.banks.count, case .nothingDue(let why) = nothing.first?.status {
            lines.append("Nothing to generate: \(why).")
        }
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
