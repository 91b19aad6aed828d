import Autodebet

/// `report --format html`: one self-contained page (inline CSS and SVG, no script, nothing
/// fetched) that prints on A4: the collection rate by bank and attempt, money by program
/// per period, what attempts 2 and 3 recover, lapses and reinstatements per period, the
/// files still awaiting a return and the totals table. It shows no participant at all,
/// only banks, counts, rupiah and file names, so there is nothing to mask.
enum ReportPage {
    static let width = 700.0
    static let attemptColours = ["#1f4e79", "#4f8fcb", "#a9cbea"]
    static let programColours = [("JKK", "#c0504d"), ("JKM", "#f2a93b"), ("JHT", "#1f4e79")]
    static let lapsedColour = "#c0392b", reinstatedColour = "#2e8b57"

    static let style = """
        @page { size: A4; margin: 12mm; }
        body { font-family: "DejaVu Sans", Arial, sans-serif; color: #222; margin: 0 auto; max-width: 186mm; font-size: 10pt; }
        h1 { font-size: 16pt; margin: 0 0 2mm; } h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #ccc; }
        p.note { color: #555; font-size: 9pt; margin: 1mm 0; }
        section { break-inside: avoid; page-break-inside: avoid; }
        svg { display: block; width: 100%; height: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 7.5pt; }
        th, td { border-bottom: 1px solid #ddd; padding: 0.8mm 1.2mm; text-align: left; white-space: nowrap; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr.total td { font-weight: bold; border-top: 2px solid #888; }
        """

    static func html(_ o: CollectionOverview) -> String {
        let c = o.collection
        let range = c.first == c.last ? c.first.description : "\(c.first) to \(c.last)"
        let sections = [
            section("Collection rate by bank and attempt", note: "Participants paid by attempts 1 to N / participants due, per bank.",
                    attemptBars(o)),
            section("Money collected by program", note: "Paid debits per period, in millions of rupiah (juta); up to twelve periods to \(c.last).",
                    programBars(o.trend)),
            section("What attempts 2 and 3 recover", note: "Participants due and paid after each attempt, \(range).", funnel(o)),
            section("Lapses and reinstatements", note: "Participants who lapsed (three unpaid periods) and who were reinstated, per closed period.",
                    changeLines(o.trend)),
            section("Files still awaiting a return", note: nil, awaitingTable(o.awaitingFiles)),
            section("Totals", note: ReportRendering.words, totalsTable(c)),
        ]
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Autodebet collections \(HTMLText.escape(range))</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            <h1>Autodebet collections, \(HTMLText.escape(range))</h1>
            <p class="note">BPJS Ketenagakerjaan BPU contributions collected by autodebit (finance views).</p>
            \(sections.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    static func section(_ title: String, note: String?, _ content: String) -> String {
        var parts = ["<section>", "<h2>\(HTMLText.escape(title))</h2>"]
        if let note { parts.append("<p class=\"note\">\(HTMLText.escape(note))</p>") }
        parts.append(content)
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    static func rate(_ text: String?) -> Double? { text.flatMap(Double.init) }

    /// One row per bank: the bar after attempt 3 (lightest) under attempt 2 under attempt 1
    /// (darkest), so what each retry added shows as the lighter part. Rows stay 16 units
    /// high, so 27 banks fit a page.
    static func attemptBars(_ o: CollectionOverview) -> String {
        let banks = o.attemptRates.reduce(into: [String]()) { if $0.last != $1.bankCode { $0.append($1.bankCode) } }
        guard !banks.isEmpty else { return "<p>No debits in this range.</p>" }
        let row = 16.0, top = 30.0, left = 150.0, plot = width - left - 60
        var chart = SVGChart(width: width, height: top + row * Double(banks.count) + 24, title: "Collection rate by bank and attempt")
        chart.legend((1...3).map { ("after attempt \($0)", attemptColours[$0 - 1]) }, x: left, y: 12)
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = left + plot * Double(tick) / 100
            chart.line(x1: x, y1: top - 4, x2: x, y2: top + row * Double(banks.count))
            chart.text("\(tick)%", x: x, y: top + row * Double(banks.count) + 14, anchor: .middle, size: 10, fill: "#555")
        }
        for (index, bank) in banks.enumerated() {
            let y = top + row * Double(index)
            let rates = o.attemptRates.filter { $0.bankCode == bank }
            let name = rates.first.map { "\($0.bankCode) \($0.bankName)" } ?? bank
            chart.text(name, x: left - 6, y: y + 11, anchor: .end)
            for r in rates.reversed() {
                guard let value = rate(r.collectionRate) else { continue }
                chart.rect(x: left, y: y + 2, width: plot * value / 100, height: row - 4, fill: attemptColours[min(r.attempt, 3) - 1],
                           label: "\(name), after attempt \(r.attempt): \(r.collectionRate!)% (\(r.paidSoFar) of \(r.participantsDue))")
            }
            let final = rates.last?.collectionRate.map { $0 + "%" } ?? "no answer yet"
            chart.text(final, x: left + plot * (rate(rates.last?.collectionRate) ?? 0) / 100 + 4, y: y + 11, size: 10)
        }
        return chart.svg
    }

    /// Rupiah in millions, one decimal ("78.5"), for axes and bar labels (tables keep every rupiah).
    static func millions(_ rupiah: Int64) -> String {
        SVGChart.number(Double(rupiah) / 1_000_000)
    }

    static func programBars(_ trend: [CollectionOverview.PeriodTrend]) -> String {
        let top = 28.0, bottom = 40.0, left = 50.0, plotHeight = 200.0
        let plot = width - left - 10
        let maximum = SVGChart.niceMaximum(Double(trend.map { $0.jkk + $0.jkm + $0.jht }.max() ?? 0))
        var chart = SVGChart(width: width, height: top + plotHeight + bottom, title: "Money collected by program per period")
        chart.legend(programColours.map { ($0.0, $0.1) }, x: left, y: 12)
        for step in 0...4 {
            let value = maximum * Double(step) / 4, y = top + plotHeight - plotHeight * Double(step) / 4
            chart.line(x1: left, y1: y, x2: width - 10, y2: y)
            chart.text(millions(Int64(value)), x: left - 6, y: y + 4, anchor: .end, size: 10, fill: "#555")
        }
        let slot = plot / Double(max(trend.count, 1)), barWidth = min(slot * 0.6, 60)
        for (index, period) in trend.enumerated() {
            let x = left + slot * Double(index) + (slot - barWidth) / 2
            var y = top + plotHeight
            for ((name, colour), amount) in zip(programColours, [period.jkk, period.jkm, period.jht]) where amount > 0 {
                let h = plotHeight * Double(amount) / maximum
                y -= h
                chart.rect(x: x, y: y, width: barWidth, height: h, fill: colour, label: "\(period.period) \(name): Rp \(amount.grouped)")
            }
            chart.text(period.period, x: x + barWidth / 2, y: top + plotHeight + 14, anchor: .middle, size: 10)
            let total = period.jkk + period.jkm + period.jht
            if total > 0 { chart.text(millions(total), x: x + barWidth / 2, y: y - 3, anchor: .middle, size: 9, fill: "#555") }
        }
        return chart.svg
    }

    /// Participants due, then paid after each attempt (with the collection rate each makes,
    /// from finance.collection_rate()): the steps between the bars are what attempts 2 and 3
    /// recovered.
    static func funnel(_ o: CollectionOverview) -> String {
        let due = o.collection.totals.participantsDue
        guard due > 0 else { return "<p>No participants were due.</p>" }
        var steps: [(name: String, count: Int, rate: String?, colour: String)] = [("Participants due", due, nil, "#7f7f7f")]
        var before = 0
        for total in o.attemptTotals where (1...3).contains(total.attempt) {
            let recovered = total.paidSoFar - before
            before = total.paidSoFar
            let name = total.attempt == 1 ? "Paid at attempt 1" : "Paid after attempt \(total.attempt) (+\(recovered.grouped) recovered)"
            steps.append((name, total.paidSoFar, total.collectionRate, attemptColours[total.attempt - 1]))
        }
        let row = 30.0, centre = 470.0, maxWidth = 420.0
        var chart = SVGChart(width: width, height: row * Double(steps.count) + 10, title: "What attempts 2 and 3 recover")
        for (index, step) in steps.enumerated() {
            let w = maxWidth * Double(step.count) / Double(due), y = 5 + row * Double(index)
            chart.rect(x: centre - w / 2, y: y, width: w, height: row - 6, fill: step.colour, label: "\(step.name): \(step.count)")
            chart.text(step.name, x: 10, y: y + 16)
            let label = step.count.grouped + (step.rate.map { " (\($0)%)" } ?? "")
            chart.text(label, x: centre, y: y + 16, anchor: .middle, fill: step.colour == attemptColours[2] ? "#222" : "#fff", bold: true)
        }
        return chart.svg
    }

    static func changeLines(_ trend: [CollectionOverview.PeriodTrend]) -> String {
        let top = 28.0, plotHeight = 150.0, left = 50.0, plot = width - left - 30
        // Counts: at least 5, so that the five gridlines fall on whole numbers.
        let maximum = SVGChart.niceMaximum(Double(max(trend.map { max($0.lapsed, $0.reinstated) }.max() ?? 0, 5)))
        var chart = SVGChart(width: width, height: top + plotHeight + 36, title: "Lapses and reinstatements per period")
        chart.legend([("lapsed", lapsedColour), ("reinstated", reinstatedColour)], x: left, y: 12)
        for step in 0...5 {
            let y = top + plotHeight - plotHeight * Double(step) / 5
            chart.line(x1: left, y1: y, x2: left + plot, y2: y)
            chart.text(SVGChart.number(maximum * Double(step) / 5), x: left - 6, y: y + 4, anchor: .end, size: 10, fill: "#555")
        }
        let slot = plot / Double(max(trend.count, 1))
        func x(_ index: Int) -> Double { left + slot * (Double(index) + 0.5) }
        func y(_ value: Int) -> Double { top + plotHeight - plotHeight * Double(value) / maximum }
        for (index, period) in trend.enumerated() {
            chart.text(period.period, x: x(index), y: top + plotHeight + 14, anchor: .middle, size: 10)
        }
        chart.polyline(trend.enumerated().map { (x($0.offset), y($0.element.lapsed)) }, stroke: lapsedColour)
        chart.polyline(trend.enumerated().map { (x($0.offset), y($0.element.reinstated)) }, stroke: reinstatedColour)
        for (index, period) in trend.enumerated() {
            if period.lapsed > 0 {
                chart.text("\(period.lapsed)", x: x(index) - 6, y: y(period.lapsed) - 6, anchor: .end, size: 9, fill: lapsedColour)
            }
            if period.reinstated > 0 {
                chart.text("\(period.reinstated)", x: x(index) + 6, y: y(period.reinstated) - 6, size: 9, fill: reinstatedColour)
            }
        }
        return chart.svg
    }

    static func awaitingTable(_ files: [CollectionOverview.AwaitingFile]) -> String {
        guard !files.isEmpty else { return "<p>None: every debit file has its return.</p>" }
        let rows = files.map {
            "<tr><td>\(HTMLText.escape($0.fileName))</td><td>\(HTMLText.escape($0.bankCode))</td>"
                + "<td class=\"n\">\($0.attempt)</td><td class=\"n\">\($0.awaiting.grouped)</td></tr>"
        }
        return (["<table>", "<tr><th>File</th><th>Bank</th><th class=\"n\">Attempt</th><th class=\"n\">Debits awaiting</th></tr>"]
                + rows + ["</table>"]).joined(separator: "\n")
    }

    static func totalsTable(_ c: PeriodCollection) -> String {
        let headers = ["Period", "Bank", "Due", "Paid", "Rate", "Paid elsewhere", "Unpaid", "JKK (Rp)", "JKM (Rp)", "JHT (Rp)", "Total (Rp)"]
        var lines = ["<table>", "<tr>" + headers.enumerated().map { "<th\($0.offset >= 2 ? " class=\"n\"" : "")>\($0.element)</th>" }
            .joined() + "</tr>"]
        for row in c.rows + [c.totals] {
            let total = row == c.totals
            let cells = [total ? "All" : row.period, total ? "" : "\(row.bankCode) \(row.bankName)"]
            let numbers = [row.participantsDue.grouped, row.participantsPaid.grouped, row.collectionRate.map { $0 + "%" } ?? "-",
                           row.paidElsewhere.grouped, row.unpaid.grouped, row.jkk.grouped, row.jkm.grouped, row.jht.grouped,
                           row.total.grouped]
            lines.append("<tr\(total ? " class=\"total\"" : "")>" + cells.map { "<td>\(HTMLText.escape($0))</td>" }.joined()
                         + numbers.map { "<td class=\"n\">\($0)</td>" }.joined() + "</tr>")
        }
        lines.append("</table>")
        return lines.joined(separator: "\n")
    }
}
