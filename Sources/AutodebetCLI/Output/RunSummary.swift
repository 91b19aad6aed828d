import Autodebet

/// The end-of-run summary of `autodebet run`, for cron mail: what came in, what went out,
/// what closed, and what needs a person. File names, counts and rupiah only.
enum RunSummary {
    static func render(_ o: ServiceRun.Outcome, outbox: String) -> String {
        var lines = ["Run on \(o.status.today)."]
        if o.imported.isEmpty && o.refused.isEmpty && o.waiting.isEmpty { lines.append("Inbox: empty.") }
        for file in o.imported { lines.append("Imported \(file.name): \(file.summary).") }
        for file in o.refused { lines.append("REFUSED \(file.name): \(file.summary).") }
        for file in o.waiting { lines.append("Waiting \(file.name): \(file.summary).") }
        if o.generated.isEmpty {
            lines.append("Generated: nothing due today.")
        }
        for report in o.generated {
            for bank in report.banks where bank.status == .written {
                lines.append("Generated \(report.period) bank \(bank.bank.code) attempt \(bank.attempt) (debit date "
                    + "\(bank.debitDate?.description ?? "-")): \(bank.files.map(\.name).joined(separator: ", ")), "
                    + "\(bank.debits.counted("debit")), Rp \(bank.totalAmount.grouped).")
            }
        }
        for file in o.rewritten {
            lines.append("Written again in \(outbox): \(file.name), recorded and not yet placed (SHA-256 as recorded).")
        }
        for close in o.closed {
            lines.append("\(close.recomputed ? "Closed again" : "Closed") \(close.period): \(close.paid.grouped) paid, "
                + "\(close.unpaid.grouped) unpaid; \(close.lapsed.grouped) lapsed, \(close.reinstated.grouped) reinstated.")
        }
        for note in o.notes { lines.append("Needs a decision: \(note).") }
        let overdue = o.status.overdueCount, refusals = o.status.refusals.count
        lines.append("Awaiting a return: \(o.status.awaiting.count.counted("file")) (\(overdue) overdue); "
            + "refused returns not followed by an accepted one: \(refusals).")
        lines.append(o.needsPerson ? "Needs a person: see `autodebet status`." : "All well.")
        return lines.joined(separator: "\n")
    }
}
