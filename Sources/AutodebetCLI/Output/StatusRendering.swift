import Autodebet
import FixedWidth
import PersonalData

/// `autodebet status` output, for people: open periods bank by bank, files awaiting a
/// return (overdue first), refused returns, periods ready to close, holidays; then one
/// line saying whether anything needs a person. File names, counts and rupiah only.
enum StatusRendering {
    static func render(_ report: StatusReport, environment: [String: String]) -> String {
        var lines = ["Status on \(report.today)."]
        if report.periods.isEmpty { lines.append("No open period.") }
        for period in report.periods {
            lines.append("")
            lines.append("Period \(period.period)\(period.closed ? " (closed)" : ""), due \(period.dueDate):")
            var table = TextTable(["BANK", "NAME", "LATEST ATTEMPT", "NEXT"], rightAligned: [2])
            for bank in period.banks {
                table.add([bank.bank.code, bank.bank.name, bank.latestAttempt.map { "\($0)" } ?? "-",
                           next(bank, today: report.today)])
            }
            if !period.banks.isEmpty { lines.append(table.rendered) }
        }
        lines.append("")
        if report.awaiting.isEmpty {
            lines.append("Files awaiting a return: none.")
        } else {
            lines.append("Files awaiting a return (\(report.overdueCount) overdue):")
            var table = TextTable(["FILE", "BANK", "DEBIT DATE", "RECORDS", "TOTAL (RP)", "STATUS"], rightAligned: [3, 4])
            for file in report.awaiting {
                table.add([file.name, "\(file.bankCode) \(file.bankName)", file.debitDate.description, file.recordCount.grouped,
                           file.totalAmount.grouped, FileListRendering.status(file, today: report.today, environment: environment)])
            }
            lines.append(table.rendered)
        }
        if report.refusals.isEmpty {
            lines.append("Refused return files not followed by an accepted one: none.")
        } else {
            lines.append("Refused return files not followed by an accepted one:")
            for refusal in report.refusals {
                let when = LocalTime.text(epochSeconds: refusal.receivedAt, environment: environment)
                let first = refusal.firstError.map { ": " + Mask.keepingReferences($0) } ?? ""
                lines.append("  \(refusal.fileName), received \(when), for \(refusal.debitFile ?? "an unknown debit file"), "
                             + "\(refusal.errorCount.counted("error"))\(first)")
            }
        }
        let ready = report.periods.compactMap { p in p.readyToClose.map { "\(p.period) (\($0))" } }
        lines.append("Ready to close: " + (ready.isEmpty ? "none." : ready.joined(separator: "; ") + "."))
        lines.append("Holidays loaded through " + (report.holidaysThrough.map { "\($0)" } ?? "no year") + "."
                     + (report.holidaysThrough.map { $0 <= report.today.year } ?? true
                        ? " Load next year's decree: autodebet holidays import FILE.csv." : ""))
        lines.append("")
        if report.needsPerson {
            var parts: [String] = []
            if report.overdueCount > 0 { parts.append(report.overdueCount.counted("overdue file")) }
            if !report.refusals.isEmpty { parts.append(report.refusals.count.counted("refused return file")) }
            lines.append("Needs a person: " + parts.joined(separator: ", ") + ".")
        } else {
            lines.append("Nothing needs a person.")
        }
        return lines.joined(separator: "\n")
    }

    static func next(_ bank: StatusReport.BankLine, today: CalendarDate) -> String {
        guard let attempt = bank.dueAttempt else { return "nothing due: \(bank.notDue ?? "")" }
        if bank.replacement { return "replacement of attempt \(attempt)'s cancelled files due: run generate" }
        guard let date = bank.debitDate else { return "attempt \(attempt) due" }
        return "attempt \(attempt) due, debit date \(date)" + (date < today ? " (passed: generate with --debit-date)" : "")
    }
}
