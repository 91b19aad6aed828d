import FixedWidth
import Foundation
import Testing
import TestSupport

/// The demo's four periods (scripts/demo without its cancelled file and reversal): the
/// sample mandates (fixtures/mandates.csv), and per period attempt after attempt answered
/// by `simulate-bank --seed 7` until nothing is due, then close. Made once per test run
/// and shared (read only) by the tests that need a realistic month.
struct DemoCycle: Sendable {
    struct Close: Sendable {
        var period: String
        var participants: Int
        var paid: Int
        var paidByDebit: Int
        var paidElsewhere: Int
        var unpaid: Int
        var lapsed: Int
        var reinstated: Int
    }

    static let periods = ["2026-12", "2027-01", "2027-02", "2027-03"]

    let db: TestDatabase
    let closes: [Close]
    var cli: CLI { CLI(db) }

    static let shared: Result<DemoCycle, any Error> = Result { try DemoCycle() }

    private init() throws {
        db = try TestDatabase.make()
        let cli = CLI(db)
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let imported = try cli.run(["mandates", "import", fixture("mandates.csv")])
        guard imported.status == 0 else { throw Failure("mandates import: \(imported.stderr)") }
        var closes: [Close] = []
        for period in Self.periods {
            var today = Period(period)!.previous.lastDay.description
            if period == "2027-01" {
                try Self.check(cli.run(["holidays", "import", fixture("holidays-2027-demo.csv")],
                                       extraEnvironment: ["AUTODEBET_TODAY": today]), "holidays import")
            }
            let dir = out + "/" + period, returns = dir + "/returns"
            try FileManager.default.createDirectory(atPath: returns, withIntermediateDirectories: true)
            for _ in 0..<6 {   // attempts 1 to 3, and the run that finds nothing due
                try Self.check(cli.run(["generate", "--period", period, "--out", dir], extraEnvironment: ["AUTODEBET_TODAY": today]),
                               "generate \(period)")
                let unanswered = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
                    .filter { $0.hasPrefix("AD_") && !FileManager.default.fileExists(atPath: returns + "/RET_" + $0) }
                if unanswered.isEmpty { break }
                for name in unanswered {
                    try Self.check(cli.run(["simulate-bank", dir + "/" + name, "--out", returns, "--seed", "7"]), "simulate-bank")
                }
                // The banks answer on the debit date; the returns are imported that day, and
                // the next attempt is generated then.
                today = try db.scalar("SELECT max(debit_date)::text FROM autodebet.debit_file WHERE period = $1", [period])!
                try Self.check(cli.run(["returns", "import"] + unanswered.map { returns + "/RET_" + $0 },
                                       extraEnvironment: ["AUTODEBET_TODAY": today]), "returns import \(period)")
            }
            let closed = try cli.run(["close", "--period", period], extraEnvironment: ["AUTODEBET_TODAY": period + "-20"])
            try Self.check(closed, "close \(period)")
            closes.append(try Self.parse(closed.stdout, period: period))
        }
        self.closes = closes
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func check(_ result: CLI.Result, _ what: String) throws {
        guard result.status == 0 else { throw Failure("\(what): exit \(result.status): \(result.stderr)") }
    }

    /// "Closed 2027-02: 1,110 participants, 1,079 paid (1,031 participants paid by a debit, 48 through
    /// other channels), 31 unpaid; 25 lapsed, 0 reinstated."
    static func parse(_ line: String, period: String) throws -> Close {
        let numbers = line.split(whereSeparator: { !$0.isNumber && $0 != "," && $0 != "-" })
            .map { $0.replacingOccurrences(of: ",", with: "") }.compactMap { Int($0) }
        // The period (2027-02) is no number; seven counts follow it.
        guard numbers.count == 7 else { throw Failure("cannot read close's line: \(line)") }
        let n = numbers
        return Close(period: period, participants: n[0], paid: n[1], paidByDebit: n[2], paidElsewhere: n[3], unpaid: n[4],
                     lapsed: n[5], reinstated: n[6])
    }
}
