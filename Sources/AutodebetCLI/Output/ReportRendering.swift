import Autodebet
import FixedWidth

/// `report` and `participant` output: a table for people, CSV and JSON for machines.
/// Amounts are whole rupiah; no account number or NIK appears unmasked.
enum ReportRendering {
    static func rate(_ permille: Int) -> String {
        "\(permille / 10).\(permille % 10)"
    }

    /// The words, defined once: what `close`, `report` and the demo call these figures.
    static let words = """
        Debits paid: debits the bank paid, per attempt. Participants paid: participants paid by a debit in any \
        attempt of the period. Collection rate: participants paid / participants due (those the bank was asked to debit).
        """

    static func table(_ reports: [CollectionReport], _ collection: PeriodCollection) -> String {
        (reports.map(table) + [participantsTable(collection), words]).joined(separator: "\n\n")
    }

    static func participantsTable(_ c: PeriodCollection) -> String {
        let range = c.first == c.last ? c.first.description : "\(c.first) to \(c.last)"
        var lines = ["Participants for \(range)"]
        guard !c.rows.isEmpty else {
            lines.append("No participants were due.")
            return lines.joined(separator: "\n")
        }
        var table = TextTable(["PERIOD", "BANK", "NAME", "DUE", "PAID", "RATE", "PAID ELSEWHERE", "UNPAID",
                               "JKK (RP)", "JKM (RP)", "JHT (RP)", "TOTAL (RP)"], rightAligned: Set(3...11))
        for row in c.rows + [c.totals] {
            let total = row == c.totals
            table.add([total ? "ALL" : row.period, row.bankCode, row.bankName, row.participantsDue.grouped,
                       row.participantsPaid.grouped, row.collectionRate.map { $0 + "%" } ?? "-",
                       row.paidElsewhere.grouped, row.unpaid.grouped, row.jkk.grouped, row.jkm.grouped,
                       row.jht.grouped, row.total.grouped])
        }
        lines.append(table.rendered)
        lines.append("Paid elsewhere (through other channels) and unpaid count once the period is closed.")
        return lines.joined(separator: "\n")
    }

    static func table(_ report: CollectionReport) -> String {
        var lines = ["Collections for \(report.period)\(report.closed ? " (closed)" : "")"]
        guard !report.rows.isEmpty else {
            lines.append("No debits were generated for \(report.period).")
            return lines.joined(separator: "\n")
        }
        var table = TextTable(["BANK", "NAME", "ATTEMPT", "SUBMITTED", "SUBMITTED (RP)", "DEBITS PAID", "PAID (RP)",
                               "INSUFFICIENT", "TEMPORARY", "ACCOUNT", "MANDATE", "REJECTED", "OUTSTANDING", "SUCCESS"],
                              rightAligned: Set(2...13))
        var total = CollectionReport.Row(bankCode: "ALL", bankName: "", attempt: 0)
        for row in report.rows {
            table.add(cells(row))
            total.submittedCount += row.submittedCount
            total.submittedAmount += row.submittedAmount
            total.paidCount += row.paidCount
            total.paidAmount += row.paidAmount
            for (outcome, count) in row.failed { total.failed[outcome, default: 0] += count }
            total.outstandingCount += row.outstandingCount
        }
        var totalCells = cells(total)
        totalCells[2] = ""
        table.add(totalCells)
        lines.append(table.rendered)
        lines.append("Failed by outcome: INSUFFICIENT = insufficient_funds, TEMPORARY = temporary, ACCOUNT = account_invalid, MANDATE = mandate_invalid.")
        if !report.outstandingFiles.isEmpty {
            lines.append("Outstanding (no return yet): " + report.outstandingFiles.joined(separator: ", "))
        }
        lines.append(doubleCollections(report))
        if report.cancelledCount > 0 || report.reversedCount > 0 {
            lines.append("Not counted above: \(report.cancelledCount.counted("debit")) of cancelled files (sent again under "
                         + "new references); \(report.reversedCount.counted("debit")) reversed by the bank after payment "
                         + "(Rp \(report.reversedAmount.grouped)).")
        }
        return lines.joined(separator: "\n")
    }

    static func doubleCollections(_ report: CollectionReport) -> String {
        let count = report.doubleCollectionCount
        guard count > 0 else { return "Double collections (debited here and paid through another channel): none." }
        return "Double collections (debited here and paid through another channel): \(count.grouped) "
            + "\(count == 1 ? "debit" : "debits"), Rp \(report.doubleCollectionAmount.grouped) to refund or credit "
            + "(finance.double_collections)."
    }

    private static func cells(_ row: CollectionReport.Row) -> [String] {
        [row.bankCode, row.bankName, "\(row.attempt)", row.submittedCount.grouped, row.submittedAmount.grouped,
         row.paidCount.grouped, row.paidAmount.grouped]
            + CollectionReport.failureClasses.map { (row.failed[$0] ?? 0).grouped }
            + [row.outstandingCount.grouped, rate(row.successPermille) + "%"]
    }

    /// The participants' figures of a row, by column name, in order: what CSV and JSON both
    /// print (a rate with nothing answered is nil: empty in CSV, null in JSON).
    static func figures(_ row: PeriodCollection.Row) -> [(name: String, value: String?)] {
        [("participants_due", "\(row.participantsDue)"), ("participants_paid", "\(row.participantsPaid)"),
         ("collection_rate", row.collectionRate), ("paid_elsewhere", "\(row.paidElsewhere)"), ("unpaid", "\(row.unpaid)"),
         ("jkk", "\(row.jkk)"), ("jkm", "\(row.jkm)"), ("jht", "\(row.jht)"), ("total", "\(row.total)")]
    }

    /// One header, a row per period and bank, then the totals row (period `total`).
    static func csv(_ c: PeriodCollection) -> String {
        let header = ["period", "bank_code", "bank_name"] + figures(c.totals).map(\.name)
        var out = header.joined(separator: ",") + "\n"
        for row in c.rows + [c.totals] {
            let fields = [row == c.totals ? "total" : row.period, row.bankCode, CSVText.field(row.bankName)]
                + figures(row).map { $0.value ?? "" }
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    static func json(_ reports: [CollectionReport], _ c: PeriodCollection) -> String {
        func object(_ row: PeriodCollection.Row, total: Bool) -> String {
            var o = JSONObject()
            if !total {
                o.add("period", row.period)
                o.add("bank_code", row.bankCode)
                o.add("bank_name", row.bankName)
            }
            for (name, value) in figures(row) { o.add(name, json: value ?? "null") }
            return o.text
        }
        var o = JSONObject()
        o.add("from", c.first.description)
        o.add("to", c.last.description)
        o.add("periods", json: "[" + reports.map(json).joined(separator: ",") + "]")
        o.add("participants", json: "[" + c.rows.map { object($0, total: false) }.joined(separator: ",") + "]")
        o.add("totals", json: object(c.totals, total: true))
        return o.text
    }

    static func json(_ report: CollectionReport) -> String {
        let rows = report.rows.map { row -> String in
            var o = JSONObject()
            o.add("bank_code", row.bankCode)
            o.add("bank_name", row.bankName)
            o.add("attempt", row.attempt)
            o.add("submitted_count", row.submittedCount)
            o.add("submitted_amount", row.submittedAmount)
            o.add("paid_count", row.paidCount)
            o.add("paid_amount", row.paidAmount)
            o.add("failed_count", row.failedCount)
            var failed = JSONObject()
            for outcome in CollectionReport.failureClasses { failed.add(outcome.rawValue, row.failed[outcome] ?? 0) }
            o.add("failed", json: failed.text)
            o.add("outstanding_count", row.outstandingCount)
            o.add("success_rate", json: rate(row.successPermille))
            return o.text
        }
        var o = JSONObject()
        o.add("period", report.period.description)
        o.add("closed", report.closed)
        o.add("banks", json: "[" + rows.joined(separator: ",") + "]")
        o.add("outstanding_files", strings: report.outstandingFiles)
        var double = JSONObject()
        double.add("count", report.doubleCollectionCount)
        double.add("amount", report.doubleCollectionAmount)
        o.add("double_collections", json: double.text)
        return o.text
    }

    static func participant(_ p: ParticipantRecord) -> String {
        var lines = ["Participant \(p.kpj): \(p.name)", "NIK \(p.nikMasked)"]
        var status = "Status: \(p.status)"
        if let since = p.lapsedSince { status += " (nonaktif) since \(since)" }
        status += "; unpaid streak \(p.unpaidStreak)"
        lines.append(status)
        lines.append("Paid through other channels: \(p.paidThrough ?? "-")")
        lines.append("")
        var mandates = TextTable(["MANDATE", "STATUS", "BANK", "ACCOUNT", "SECTOR", "INCOME (RP)", "JHT", "PERIODS"],
                                 rightAligned: [5])
        for m in p.mandates {
            mandates.add([m.reference, m.status, "\(m.bankCode) \(m.bankName)", m.accountMasked, m.sector,
                          m.income.grouped, m.jht ? "yes" : "no", "\(m.startPeriod) to \(m.endPeriod ?? "open")"])
        }
        lines.append(mandates.rendered)
        for m in p.mandates where m.statusReason != nil {
            lines.append("  \(m.reference): \(m.statusReason!)")
        }
        lines.append("")
        guard !p.attempts.isEmpty || !p.results.isEmpty else {
            lines.append("No debits yet.")
            return lines.joined(separator: "\n")
        }
        var history = TextTable(["PERIOD", "RESULT", "ATTEMPT", "BANK", "AMOUNT (RP)", "OUTCOME", "CODE", "DEBITED ON"],
                                rightAligned: [2, 4])
        let periods = Set(p.attempts.map(\.period)).union(p.results.keys).sorted()
        let unlisted = periods.filter { period in p.attemptsFrom.map { period < $0 } ?? false }
        for period in periods {
            let attempts = p.attempts.filter { $0.period == period }
            let result = p.results[period] ?? "open"
            if unlisted.contains(period) {
                history.add([period, result, "", "", "", "", "", ""])
            } else if attempts.isEmpty {
                history.add([period, result, "-", "-", "-", "-", "-", "-"])
            }
            for (index, a) in attempts.enumerated() {
                history.add([index == 0 ? period : "", index == 0 ? result : "", "\(a.attempt)", a.bankCode,
                             a.amount.grouped, a.outcome ?? "awaiting return", a.responseCode ?? "-", a.debitedOn ?? "-"])
            }
        }
        lines.append(history.rendered)
        if let first = unlisted.first, let last = unlisted.last {
            lines.append("")
            lines.append("Attempts of \(first == last ? first : "\(first) to \(last)") are not listed (their results are): "
                         + "`autodebet participant \(p.kpj) --all` lists every one.")
        }
        return lines.joined(separator: "\n")
    }
}
