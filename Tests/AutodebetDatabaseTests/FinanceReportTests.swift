import FixedWidth
import Foundation
import Testing
import TestSupport

/// The figures finance reads, each defined once (finance.period_collection,
/// finance.collection_rate(), finance.status_changes), checked against what `close` said
/// and against counts made here from the instructions, plus the report's CSV and HTML.
@Suite("finance report")
struct FinanceReportTests {
    @Test("status_changes after the four-period demo cycle: the lapses and reinstatements close reported")
    func statusChangesMatchClose() throws {
        let cycle = try DemoCycle.shared.get()
        for close in cycle.closes {
            let lapsed = try cycle.db.count("SELECT count(*) FROM finance.status_changes WHERE period = $1 AND from_status = 'active' AND to_status = 'lapsed'", [close.period])
            let reinstated = try cycle.db.count("SELECT count(*) FROM finance.status_changes WHERE period = $1 AND from_status = 'lapsed' AND to_status = 'active'", [close.period])
            #expect(lapsed == close.lapsed, "\(close.period)")
            #expect(reinstated == close.reinstated, "\(close.period)")
        }
        #expect(cycle.closes.map(\.lapsed).reduce(0, +) > 0)
        #expect(cycle.closes.map(\.reinstated).reduce(0, +) > 0)
        #expect(try cycle.db.count("SELECT count(*) FROM finance.status_changes") == cycle.closes.map { $0.lapsed + $0.reinstated }.reduce(0, +))
        // finance_reader reads it (and period_collection) alone.
        let reader = try cycle.db.connect()
        try reader.execute("SET ROLE finance_reader")
        #expect(try reader.query("SELECT count(*) AS n FROM finance.status_changes")[0].int("n")
                == cycle.closes.map { $0.lapsed + $0.reinstated }.reduce(0, +))
        #expect(try reader.query("SELECT sum(unpaid) AS n FROM finance.period_collection")[0].int("n")
                == cycle.closes.map(\.unpaid).reduce(0, +))
        // Every lapsed participant lapsed once more than it was reinstated.
        #expect(try cycle.db.count("""
            SELECT count(*) FROM finance.participants p
             WHERE (p.status = 'lapsed') <> ((SELECT count(*) FILTER (WHERE to_status = 'lapsed') - count(*) FILTER (WHERE to_status = 'active')
                                                FROM finance.status_changes c WHERE c.kpj = p.kpj) = 1)
            """) == 0)
    }

    @Test("collection rate is participants paid / participants due, counted here from the instructions; close's paid and unpaid add up")
    func collectionRate() throws {
        let cycle = try DemoCycle.shared.get()
        for close in cycle.closes {
            let counted = try cycle.db.connect().query("""
                SELECT bank_code, count(DISTINCT kpj) FILTER (WHERE status <> 'cancelled') AS due,
                       count(DISTINCT kpj) FILTER (WHERE status = 'paid') AS paid
                  FROM autodebet.debit_instruction WHERE period = $1 GROUP BY bank_code ORDER BY bank_code
                """, [close.period])
            let view = try cycle.db.connect().query("""
                SELECT bank_code, participants_due, participants_paid, collection_rate::text AS rate
                  FROM finance.period_collection WHERE period = $1 ORDER BY bank_code
                """, [close.period])
            #expect(counted.count == view.count)
            for (mine, theirs) in zip(counted, view) {
                let due = try mine.int("due"), paid = try mine.int("paid"), bank = try mine.string("bank_code")
                let permille = (paid * 2000 / due + 1) / 2   // tenths of a percent, half up
                #expect(try theirs.string("bank_code") == bank)
                #expect(try theirs.int("participants_due") == due)
                #expect(try theirs.int("participants_paid") == paid)
                #expect(try theirs.string("rate") == "\(permille / 10).\(permille % 10)", "\(close.period) \(bank)")
            }
            // close's words: paid (by a debit or through other channels) and unpaid.
            let sums = try cycle.db.connect().query("""
                SELECT sum(participants_paid + paid_elsewhere) AS paid, sum(unpaid) AS unpaid
                  FROM finance.period_collection WHERE period = $1
                """, [close.period])[0]
            #expect(try sums.int("paid") == close.paid, "\(close.period)")
            #expect(close.paidByDebit + close.paidElsewhere == close.paid, "\(close.period)")
            let paidByDebit = try counted.map { try $0.int("paid") }.reduce(0, +)
            #expect(close.paidByDebit == paidByDebit, "\(close.period)")
            #expect(try sums.int("unpaid") == close.unpaid, "\(close.period)")
        }
    }

    @Test("report csv over a range: one header, a totals row equal to the sum of the rows, JKK + JKM + JHT = total; json totals the same")
    func csvTotals() throws {
        let cycle = try DemoCycle.shared.get()
        let range = ["report", "--period", DemoCycle.periods[0], "--to", DemoCycle.periods[3]]
        let result = try cycle.cli.run(range + ["--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        #expect(header.joined(separator: ",") == "period,bank_code,bank_name,participants_due,participants_paid,collection_rate,paid_elsewhere,unpaid,jkk,jkm,jht,total")
        #expect(lines.filter { $0 == header }.count == 1)
        let rows = Array(lines.dropFirst().dropLast()), totals = try #require(lines.last)
        #expect(totals[0] == "total")
        #expect(Set(rows.map { $0[0] }) == Set(DemoCycle.periods))
        for column in [3, 4, 6, 7, 8, 9, 10, 11] {
            #expect(Int64(totals[column]) == rows.map { Int64($0[column]) ?? 0 }.reduce(0, +), "\(header[column])")
        }
        for row in rows + [totals] {
            #expect(Int64(row[8])! + Int64(row[9])! + Int64(row[10])! == Int64(row[11])!)
        }
        let due = Int(totals[3])!, paid = Int(totals[4])!
        let permille = (paid * 2000 / due + 1) / 2
        #expect(totals[5] == "\(permille / 10).\(permille % 10)")
        let json = try cycle.cli.run(range + ["--format", "json"])
        #expect(json.stdout.contains("\"totals\":{\"participants_due\":\(totals[3]),\"participants_paid\":\(totals[4]),\"collection_rate\":\(totals[5]),"
                                     + "\"paid_elsewhere\":\(totals[6]),\"unpaid\":\(totals[7]),\"jkk\":\(totals[8]),\"jkm\":\(totals[9]),"
                                     + "\"jht\":\(totals[10]),\"total\":\(totals[11])}"), "\(json.stdout.suffix(400))")
    }

    @Test("a rate with nothing answered is empty in csv, null in json, not 0.0")
    func emptyRate() throws {
        let s = try GoldenSetup(generating: "2026-12")
        defer { s.cleanUp() }
        let csv = try s.cli.run(["report", "--period", "2026-12", "--format", "csv"])
        #expect(csv.stdout == """
            period,bank_code,bank_name,participants_due,participants_paid,collection_rate,paid_elsewhere,unpaid,jkk,jkm,jht,total
            2026-12,111,DKI,3,0,,0,0,0,0,0,0
            2026-12,114,Jatim,3,0,,0,0,0,0,0,0
            total,,,6,0,,0,0,0,0,0,0

            """)
        let json = try s.cli.run(["report", "--period", "2026-12", "--format", "json"])
        #expect(json.stdout.contains("\"totals\":{\"participants_due\":6,\"participants_paid\":0,\"collection_rate\":null,"))
    }

    @Test("report --format html: the page's structure (golden), self-contained: no script, nothing fetched, nothing unmasked")
    func htmlGolden() throws {
        let c = try GoldenSetup()
        defer { c.cleanUp() }
        let broke: [String: OutcomeClass] = ["10000000001": .insufficientFunds]
        try c.attempt("2026-12", outcomes: broke.merging(["10000000003": .accountInvalid, "10000000002": .insufficientFunds]) { a, _ in a })
        try c.attempt("2026-12", outcomes: broke)
        try c.attempt("2026-12", outcomes: broke)
        #expect(try c.close("2026-12").status == 0)
        // 2027-01's attempt 1 goes out and stays unanswered: a file awaiting its return.
        #expect(try c.run(["generate", "--period", "2027-01", "--out", c.out + "/2027-01"], today: "2026-12-31").status == 0)
        let page = c.out + "/report.html"
        let result = try c.cli.run(["report", "--period", "2026-12", "--to", "2027-01", "--format", "html", "--out", page])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Wrote \(page)\n")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        try Golden.expect(html, equals: "report.html")
        Self.expectSelfContained(html)
        for heading in ["Collection rate by bank and attempt", "Money collected by program", "What attempts 2 and 3 recover",
                        "Lapses and reinstatements", "Files still awaiting a return", "Totals"] {
            #expect(html.contains("<h2>\(heading)</h2>"))
        }
        #expect(html.contains("AD_111_202701_A1_S0001.txt"))
        #expect(!html.contains("0012345678") && !html.contains("3578014105900001") && !html.contains("10000000001"))
    }

    static func expectSelfContained(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lower = html.lowercased()
        for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import", "https:"] {
            #expect(!lower.contains(forbidden), "\(forbidden)", sourceLocation: sourceLocation)
        }
        // The one http: is the SVG namespace, which names and fetches nothing.
        #expect(lower.components(separatedBy: "http:").count - 1 == lower.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1,
                sourceLocation: sourceLocation)
    }

    @Test("the demo month's HTML report renders in headless Chromium: a drawn page of the expected size, no console message")
    func browserRender() throws {
        let cycle = try DemoCycle.shared.get()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let page = dir + "/report.html", png = dir + "/report.png"
        let result = try cycle.cli.run(["report", "--period", DemoCycle.periods[3], "--format", "html", "--out", page])
        #expect(result.status == 0, "\(result.stderr)")
        Self.expectSelfContained(try String(contentsOfFile: page, encoding: .utf8))
        let render = try Browser.render(page, to: png, width: 794, height: 2400)
        #expect(render.status == 0, "\(render.log)")
        #expect(render.console.isEmpty, "\(render.console)")
        let stats = try Browser.stats(png)
        #expect(stats.width == 794 && stats.height == 2400, "\(stats)")
        #expect(stats.colours > 50, "\(stats)")       // charts in colour, not a blank or one-colour page
        #expect(stats.drawn > 0.03, "\(stats)")
        if let keep = ProcessInfo.processInfo.environment["AUTODEBET_KEEP_RENDER"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: png, toPath: keep)
        }
    }
}
