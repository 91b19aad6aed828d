import FixedWidth
import Foundation
import Testing
import TestSupport

/// Speed must not depend on the database's past: the same work after an empty import, or
/// after a pilot cycle, takes about the time it takes on a fresh database (measured as a
/// ratio in the same run, so it holds on a noisy machine).
@Suite("plan stability", .serialized)
struct PlanStabilityTests {
    /// 40,000 mandates: the quadratic plan this guards against costs about 9 s here, a fresh
    /// import of a debug build about 3 s, so the ratio tells them apart.
    static let mandates: String = {
        let path = NSTemporaryDirectory() + "plan-stability-\(getpid()).csv"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", RepositoryRoot.fixture("generate_mandates.py"), "--count", "40000", "--seed", "3", "--out", path]
        try? process.run()
        process.waitUntilExit()
        return path
    }()

    /// Seconds a command takes, and its result.
    static func timed(_ cli: CLI, _ arguments: [String], today: String = "2026-11-21") throws -> (Double, CLI.Result) {
        let start = Date()
        let result = try cli.run(arguments, extraEnvironment: ["AUTODEBET_TODAY": today])
        return (Date().timeIntervalSince(start), result)
    }

    /// Generates 2026-12, answers every file as the simulated bank, imports the answers:
    /// the seconds of generate and of returns import.
    static func cycle(_ cli: CLI, out: String) throws -> (generate: Double, returns: Double) {
        let (generate, generated) = try timed(cli, ["generate", "--period", "2026-12", "--out", out])
        #expect(generated.status == 0, "\(generated.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("AD_") }.sorted()
        for file in files {
            #expect(try cli.run(["simulate-bank", out + "/" + file, "--out", out + "/returns"]).status == 0)
        }
        let answers = try FileManager.default.contentsOfDirectory(atPath: out + "/returns").map { out + "/returns/" + $0 }
        let (returns, imported) = try timed(cli, ["returns", "import"] + answers)
        #expect(imported.status == 0, "\(imported.stderr)")
        return (generate, returns)
    }

    @Test("40,000 mandates after an empty (header-only) import take at most 3x the time of a fresh import")
    func afterEmptyImport() throws {
        let fresh = CLI(try TestDatabase.make()), primed = CLI(try TestDatabase.make())
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let empty = dir + "/empty.csv"
        try "mandate_ref,kpj,nik,name,sector,income,jht,bank_code,account_no,account_name,signed_on,start_period,end_period,paid_through,status\n"
            .write(toFile: empty, atomically: true, encoding: .utf8)
        #expect(try primed.run(["mandates", "import", empty]).status == 0)
        let (freshSeconds, a) = try Self.timed(fresh, ["mandates", "import", Self.mandates])
        let (primedSeconds, b) = try Self.timed(primed, ["mandates", "import", Self.mandates])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        #expect(primedSeconds <= 3 * freshSeconds, "after an empty import \(primedSeconds) s, fresh \(freshSeconds) s")
    }

    @Test("generate and returns import after a pilot cycle take at most 3x the time on a fresh database")
    func afterPilotCycle() throws {
        let freshDB = try TestDatabase.make(), pilotDB = try TestDatabase.make()
        let fresh = CLI(freshDB), pilot = CLI(pilotDB)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The pilot: ten mandates, a whole month generated, answered, imported and closed.
        #expect(try pilot.run(["mandates", "import", RepositoryRoot.fixture("golden/mandates.csv")]).status == 0)
        let (_, pilotGenerated) = try Self.timed(pilot, ["generate", "--period", "2026-11", "--out", dir + "/pilot"], today: "2026-10-20")
        #expect(pilotGenerated.status == 0, "\(pilotGenerated.stderr)")
        for file in try FileManager.default.contentsOfDirectory(atPath: dir + "/pilot").filter({ $0.hasPrefix("AD_") }) {
            #expect(try pilot.run(["simulate-bank", dir + "/pilot/" + file, "--out", dir + "/pilot/returns"]).status == 0)
        }
        let pilotAnswers = try FileManager.default.contentsOfDirectory(atPath: dir + "/pilot/returns").map { dir + "/pilot/returns/" + $0 }
        #expect(try pilot.run(["returns", "import"] + pilotAnswers).status == 0)
        #expect(try Self.timed(pilot, ["close", "--period", "2026-11"], today: "2026-11-20").1.status == 0)
        // Then the full registry, on both.
        #expect(try fresh.run(["mandates", "import", Self.mandates]).status == 0)
        #expect(try pilot.run(["mandates", "import", Self.mandates]).status == 0)
        let onFresh = try Self.cycle(fresh, out: dir + "/fresh")
        let afterPilot = try Self.cycle(pilot, out: dir + "/after-pilot")
        #expect(afterPilot.generate <= 3 * onFresh.generate, "generate: after a pilot \(afterPilot.generate) s, fresh \(onFresh.generate) s")
        #expect(afterPilot.returns <= 3 * onFresh.returns, "returns: after a pilot \(afterPilot.returns) s, fresh \(onFresh.returns) s")
    }
}
