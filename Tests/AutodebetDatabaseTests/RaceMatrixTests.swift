import FixedWidth
import Foundation
import Testing
import TestSupport

/// Every pair of state-changing commands, for the same period, at once: the first is held
/// inside its transaction by a failpoint (its locks taken), the second starts meanwhile.
/// The loser exits 3 (or waits, where the work queues), the rerun of a loser does its
/// work, and the end state meets scripts/invariants.sql and the files it records.
@Suite("race matrix")
struct RaceMatrixTests {
    /// What a race starts from (all golden mandates imported, period 2026-12).
    enum State: Sendable {
        case mandates
        /// Attempt 1 of bank 114 generated and its answer written; bank 111 still due.
        case bank114Generated
        /// Attempt 1 of both banks generated, both answers written, none imported.
        case generated
        /// As `generated`, bank 111's answer imported: bank 114's is the last one due.
        case oneAnswerLeft
        /// Both answers imported: the period may close.
        case answered
        /// 2026-12 closed; 2027-01 and 2027-02 collected, not closed (RaceTests.history).
        case history
    }

    /// One run of a command: its arguments (from the test's directories) and its day.
    struct Step: Sendable {
        var arguments: @Sendable (Directories) -> [String]
        var today: String
        var failpoint: String? = nil
    }

    struct Directories {
        let out: String
        let returns: String
        let inbox: String
        let archive: String
        var answer114: String { returns + "/RET_AD_114_202612_A1_S0001.txt" }
        var answer111: String { returns + "/RET_AD_111_202612_A1_S0001.txt" }
        /// The golden mandates with every income raised by a tier: an import that updates rows.
        var changedMandates: String { returns + "/mandates-changed.csv" }
    }

    struct Race: Sendable, CustomTestStringConvertible {
        let name: String
        let state: State
        let first: Step
        let second: Step
        /// Advisory locks the first holds at its failpoint.
        var locks = 1
        /// Exit statuses: the first's, the second's, and the second's rerun once the first is done (nil: none).
        let expected: (first: Int32, second: Int32, rerun: Int32?)
        var testDescription: String { name }
    }

    static let generate = Step(arguments: { ["generate", "--period", "2026-12", "--out", $0.out] }, today: "2026-11-21")
    static let close = Step(arguments: { _ in ["close", "--period", "2026-12"] }, today: "2026-12-20")
    static let import114 = Step(arguments: { ["returns", "import", $0.answer114] }, today: "2026-12-08")
    static let mandates = Step(arguments: { ["mandates", "import", $0.changedMandates] }, today: "2026-11-21")
    static let cancel114 = Step(arguments: { _ in ["files", "cancel", "AD_114_202612_A1_S0001.txt", "--reason", "never reached the bank"] },
                                today: "2026-12-07")
    static let run = Step(arguments: { ["run", "--inbox", $0.inbox, "--outbox", $0.out, "--archive", $0.archive, "--settle-seconds", "0"] },
                          today: "2026-12-03")

    static func held(_ step: Step, _ failpoint: String) -> Step {
        var step = step
        step.failpoint = failpoint + ":sleep=3"
        return step
    }

    static let races: [Race] = [
        Race(name: "generate × returns import", state: .bank114Generated,
             first: held(generate, "generate.before-commit"), second: import114, expected: (0, 3, 0)),
        Race(name: "returns import × generate", state: .bank114Generated,
             first: held(import114, "returns.before-commit"), second: generate, locks: 2, expected: (0, 3, 0)),
        Race(name: "generate × close", state: .mandates,
             first: held(generate, "generate.before-commit"), second: close, expected: (0, 3, 4)),
        Race(name: "close × generate", state: .answered,
             first: held(close, "close.before-commit"), second: Step(arguments: generate.arguments, today: "2026-12-20"),
             expected: (0, 3, 0)),
        Race(name: "close × close of two periods (the second queues)", state: .history,
             first: held(Step(arguments: { _ in ["close", "--period", "2027-01"] }, today: "2027-02-20"), "close.before-commit"),
             second: Step(arguments: { _ in ["close", "--period", "2027-02"] }, today: "2027-02-20"), expected: (0, 0, nil)),
        Race(name: "returns import × returns import of the same file", state: .generated,
             first: held(import114, "returns.before-commit"), second: import114, locks: 2, expected: (0, 3, 0)),
        Race(name: "mandates import × generate (no common lock: generate reads the mandates before the import)",
             state: .mandates, first: held(mandates, "mandates.before-commit"), second: generate, expected: (0, 0, nil)),
        Race(name: "generate × mandates import", state: .mandates,
             first: held(generate, "generate.before-commit"), second: mandates, expected: (0, 0, nil)),
        Race(name: "returns import × close", state: .oneAnswerLeft,
             first: held(import114, "returns.before-commit"), second: close, locks: 2, expected: (0, 3, 0)),
        Race(name: "close × returns import of a file already imported (the file's lock only)", state: .answered,
             first: held(close, "close.before-commit"), second: import114, expected: (0, 0, nil)),
        Race(name: "files cancel × returns import", state: .generated,
             first: held(cancel114, "files.cancel.before-commit"), second: import114, expected: (0, 3, 2)),
        Race(name: "returns import × files cancel", state: .generated,
             first: held(import114, "returns.before-commit"), second: cancel114, locks: 2, expected: (0, 3, 4)),
        Race(name: "run × generate", state: .mandates,
             first: held(run, "generate.before-commit"), second: Step(arguments: generate.arguments, today: "2026-12-03"),
             locks: 2, expected: (0, 3, 0)),
        Race(name: "run × run", state: .mandates, first: held(run, "generate.before-commit"), second: run, locks: 2,
             expected: (0, 3, 0)),
        Race(name: "run × close", state: .mandates, first: held(run, "generate.before-commit"),
             second: Step(arguments: close.arguments, today: "2026-12-03"), locks: 2, expected: (0, 3, 4)),
        Race(name: "run × returns import", state: .bank114Generated, first: held(run, "generate.before-commit"),
             // The import's own day: a return dated on its debit date (12-07) is refused before it.
             second: import114, locks: 2, expected: (0, 3, 0)),
        Race(name: "generate × run", state: .mandates, first: held(Step(arguments: generate.arguments, today: "2026-12-03"),
                                                                    "generate.before-commit"),
             second: run, expected: (0, 3, 0)),
    ]

    static func prepare(_ state: State, _ d: Directories) throws -> GoldenSetup {
        let c = state == .history ? try RaceTests.history() : try GoldenSetup()
        func run(_ arguments: [String], _ today: String) throws {
            let result = try c.cli.run(arguments, extraEnvironment: ["AUTODEBET_TODAY": today])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let golden = try String(contentsOfFile: fixture("golden/mandates.csv"), encoding: .utf8)
        try golden.replacingOccurrences(of: ",1000000,", with: ",1500000,")
            .write(toFile: d.changedMandates, atomically: true, encoding: .utf8)
        switch state {
        case .mandates, .history:
            break
        case .bank114Generated:
            try run(["generate", "--period", "2026-12", "--bank", "114", "--out", d.out], "2026-11-21")
            try Bank.answer(d.out + "/AD_114_202612_A1_S0001.txt", in: d.returns)
        case .generated, .oneAnswerLeft, .answered:
            try run(["generate", "--period", "2026-12", "--out", d.out], "2026-11-21")
            try Bank.answer(d.out + "/AD_114_202612_A1_S0001.txt", in: d.returns)
            try Bank.answer(d.out + "/AD_111_202612_A1_S0001.txt", in: d.returns)
            if state != .generated { try run(["returns", "import", d.answer111], "2026-12-08") }
            if state == .answered { try run(["returns", "import", d.answer114], "2026-12-08") }
        }
        return c
    }

    @Test(arguments: races)
    func race(_ race: Race) throws {
        let d = Directories(out: try temporaryDirectory(), returns: try temporaryDirectory(),
                            inbox: try temporaryDirectory(), archive: try temporaryDirectory())
        defer { for dir in [d.out, d.returns, d.inbox, d.archive] { try? FileManager.default.removeItem(atPath: dir) } }
        let c = try Self.prepare(race.state, d)
        defer { c.cleanUp() }
        // The history's periods were generated into c.out; this race's files go to d.out.
        let outbox = race.state == .history ? nil : d.out
        func start(_ step: Step) throws -> CLI.Running {
            var environment = ["AUTODEBET_TODAY": step.today]
            environment["AUTODEBET_FAILPOINT"] = step.failpoint
            return try c.cli.start(step.arguments(d), extraEnvironment: environment)
        }
        let first = try start(race.first)
        try RaceTests.waitForLock(c.db, count: race.locks)
        let second = try start(race.second).wait()
        let winner = try first.wait()
        #expect(winner.status == race.expected.first, "first: \(winner.stderr)")
        #expect(second.status == race.expected.second, "second: \(second.stderr)")
        if race.expected.second == 3 {
            #expect(second.stderr.contains("another run holds the lock for"), "\(second.stderr)")
        }
        #expect(try Invariants.violations(c.db, outbox: outbox) == [], "after the race")
        if let rerun = race.expected.rerun {
            let again = try start(race.second).wait()
            #expect(again.status == rerun, "rerun: \(again.stderr)")
            #expect(try Invariants.violations(c.db, outbox: outbox) == [], "after the rerun")
        }
    }
}
