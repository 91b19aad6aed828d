import Autodebet

/// The end-of-run summary of `generate`, for people and cron mail: what this run wrote
/// (per bank: attempt, debit date, files, debits, rupiah; then each file), one line for
/// what earlier runs had already done (never added into this run's totals), and why
/// nothing more is due. No personal data appears in it.
enum GenerationSummary {
    static func render(_ report: GenerationReport) -> String {
        var lines: [String] = []
        let title = report.dryRun ? "Dry run: nothing was written or recorded." : "Debit files in \(report.outputDirectory)"
        lines.append("Period \(report.period). \(title)")
        let thisRun = report.banks.filter { $0.status == .written || $0.status == .wouldWrite }
        let earlier = report.banks.filter { $0.status == .alreadyGenerated }
        let idle = report.banks.filter { if case .nothingDue = $0.status { true } else { false } }
        guard !thisRun.isEmpty || !earlier.isEmpty else {
            if case .nothingDue(let why)? = idle.first?.status {
                lines.append("Nothing to generate: \(why).")
            } else {
                lines.append("Nothing to generate: no active bank.")
            }
            return lines.joined(separator: "\n")
        }
        if thisRun.isEmpty {
            lines.append("Nothing new was written in this run.")
        } else {
            var table = TextTable(["BANK", "NAME", "ATTEMPT", "DEBIT DATE", "FILES", "DEBITS", "TOTAL (RP)", "STATUS"],
                                  rightAligned: [4, 5, 6])
            for bank in thisRun {
                table.add([bank.bank.code, bank.bank.name, "\(bank.attempt)", bank.debitDate?.description ?? "-",
                           "\(bank.files.count)", bank.debits.grouped, bank.totalAmount.grouped, status(bank)])
            }
            if thisRun.count > 1 {
                table.add(["ALL", "", "", "", "\(thisRun.reduce(0) { $0 + $1.files.count })",
                           thisRun.reduce(0) { $0 + $1.debits }.grouped,
                           thisRun.reduce(Int64(0)) { $0 + $1.totalAmount }.grouped, ""])
            }
            lines.append(table.rendered)
        }
        if !earlier.isEmpty { lines.append(alreadyDone(earlier)) }
        for bank in earlier {
            if let note = bank.note { lines.append("\(bank.bank.code): no further attempt now: \(note).") }
        }
        if !idle.isEmpty {
            lines.append("Nothing due at \(idle.count.counted("bank")): " + idle.map(\.bank.code).joined(separator: ", ") + ".")
        }
        lines += missing(report)
        if !thisRun.isEmpty {
            lines.append("")
            var fileTable = TextTable(["FILE", "DEBITS", "TOTAL (RP)", "SHA-256"], rightAligned: [1, 2])
            for file in thisRun.flatMap(\.files) {
                fileTable.add([file.name, file.recordCount.grouped, file.sha256.isEmpty ? "-" : file.totalAmount.grouped,
                               file.sha256.isEmpty ? "-" : file.sha256])
            }
            lines.append(fileTable.rendered)
        }
        return lines.joined(separator: "\n")
    }

    /// `--quiet`: only what a person should know (recorded files written again).
    static func quiet(_ report: GenerationReport) -> String? {
        let lines = missing(report)
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// One line for the attempts earlier runs generated: nothing changed for them.
    static func alreadyDone(_ banks: [BankGeneration]) -> String {
        let files = banks.reduce(0) { $0 + $1.files.count }
        let debits = banks.reduce(0) { $0 + $1.debits }
        let total = banks.reduce(Int64(0)) { $0 + $1.totalAmount }
        let which = banks.map { "\($0.bank.code) attempt \($0.attempt)" }.joined(separator: ", ")
        return "Already generated earlier, nothing changed: \(which) (\(files.counted("file")), "
            + "\(debits.counted("debit")), Rp \(total.grouped))."
    }

    /// Files earlier runs recorded that were missing from the output directory, written again.
    static func missing(_ report: GenerationReport) -> [String] {
        report.rewritten.map {
            "Written again in \(report.outputDirectory): \($0.name), recorded earlier and missing from the directory "
                + "(from the database, SHA-256 \($0.sha256) as recorded)."
        }
    }

    static func status(_ bank: BankGeneration) -> String {
        switch bank.status {
        case .written: bank.replacement ? "written (replaces cancelled files)" : "written"
        case .alreadyGenerated: "already generated; nothing changed"
        case .wouldWrite: bank.replacement ? "would write (replaces cancelled files)" : "would write"
        case .nothingDue: "nothing due"
        }
    }
}
