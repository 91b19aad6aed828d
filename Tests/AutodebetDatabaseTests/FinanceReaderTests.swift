import FixedWidth
import Foundation
import Testing

/// Finance runs its own report: `autodebet report` reads the finance views only.
@Suite("finance reader")
struct FinanceReaderTests {
    @Test("report runs for a login with nothing but finance_reader, and prints what the owner sees")
    func reportAsFinanceReader() throws {
        let s = try GoldenSetup(generating: "2026-12")
        defer { s.cleanUp() }
        let answer = try Bank.answer(s.out + "/AD_114_202612_A1_S0001.txt", in: s.out,
                                     outcomes: ["10000000002": .insufficientFunds])
        #expect(try s.cli.run(["returns", "import", answer]).status == 0)
        let role = "analyst_" + s.db.name
        let connection = try s.db.connect()
        try connection.execute("CREATE ROLE \(role) LOGIN IN ROLE finance_reader")
        defer { try? connection.execute("DROP OWNED BY \(role); DROP ROLE \(role)") }
        for format in ["table", "csv", "json"] {
            let owner = try s.cli.run(["report", "--period", "2026-12", "--format", format])
            let analyst = try s.cli.run(["report", "--period", "2026-12", "--format", format], extraEnvironment: ["PGUSER": role])
            #expect(analyst.status == 0, "\(format): \(analyst.stderr)")
            #expect(analyst.stdout == owner.stdout, "\(format)")
        }
        // A range, and the HTML page (which also reads finance.status_changes and
        // finance.period_collection), the same for the role as for the owner.
        let range = ["report", "--period", "2026-11", "--to", "2027-01"]
        let owner = try s.cli.run(range + ["--format", "csv"])
        let analyst = try s.cli.run(range + ["--format", "csv"], extraEnvironment: ["PGUSER": role])
        #expect(analyst.status == 0, "\(analyst.stderr)")
        #expect(analyst.stdout == owner.stdout)
        let pages = (s.out + "/owner.html", s.out + "/analyst.html")
        #expect(try s.cli.run(range + ["--format", "html", "--out", pages.0]).status == 0)
        let html = try s.cli.run(range + ["--format", "html", "--out", pages.1], extraEnvironment: ["PGUSER": role])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(try String(contentsOfFile: pages.1, encoding: .utf8) == String(contentsOfFile: pages.0, encoding: .utf8))
        // And the role still reads nothing else.
        let denied = try s.cli.run(["participant", "10000000001"], extraEnvironment: ["PGUSER": role])
        #expect(denied.status == 1)
        #expect(denied.stderr.contains("permission denied"), "\(denied.stderr)")
    }
}
