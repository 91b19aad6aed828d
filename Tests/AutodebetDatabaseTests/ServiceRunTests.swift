import Autodebet
import FixedWidth
import Foundation
import PostgresClient
import Testing
import TestSupport

/// `autodebet run` across a simulated December 2026 (debit date of attempt 1: Sat 5 Dec,
/// moved to Mon 7 Dec; lead_days 2, so its window opens Thu 3 Dec; attempt 2 on Thu 10 Dec;
/// due date Tue 15 Dec).
@Suite("run")
struct ServiceRunTests {
    struct Service {
        let setup: GoldenSetup
        let root: String
        var inbox: String { root + "/inbox" }
        var outbox: String { root + "/outbox" }
        var archive: String { root + "/archive" }
        var metrics: String { root + "/metrics/autodebet.prom" }

        init() throws {
            setup = try GoldenSetup()
            root = try temporaryDirectory()
            try FileManager.default.createDirectory(atPath: root + "/metrics", withIntermediateDirectories: true)
        }

        func run(_ today: String, environment: [String: String] = [:]) throws -> CLI.Result {
            try setup.cli.run(["run", "--inbox", inbox, "--outbox", outbox, "--archive", archive, "--metrics-file", metrics],
                              extraEnvironment: ["AUTODEBET_TODAY": today].merging(environment) { $1 })
        }

        func files(_ directory: String) throws -> [String] {
            (try? FileManager.default.contentsOfDirectory(atPath: directory).sorted()) ?? []
        }

        /// A return file in the inbox, last changed `age` seconds ago.
        func drop(_ path: String, age: TimeInterval) throws {
            let target = inbox + "/" + URL(fileURLWithPath: path).lastPathComponent
            try FileManager.default.moveItem(atPath: path, toPath: target)
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: target)
        }

        func cleanUp() {
            setup.cleanUp()
            try? FileManager.default.removeItem(atPath: root)
        }
    }

    @Test("a month of daily runs: attempt 1 from the first day of the lead window, imports and archives, refuses a broken file, retries, waits for an overdue return, closes after the due date, does nothing twice")
    func month() throws {
        let s = try Service()
        defer { s.cleanUp() }
        let db = s.setup.db
        let answers = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: answers) }

        // Wed 2 Dec: before the window. Nothing is generated; an empty inbox is fine.
        let before = try s.run("2026-12-02")
        #expect(before.status == 0, "\(before.stdout)\(before.stderr)")
        #expect(before.stdout.contains("Inbox: empty."), "\(before.stdout)")
        #expect(try s.files(s.outbox).isEmpty)

        // Thu 3 Dec: the first day of the window: attempt 1 for both banks.
        let first = try s.run("2026-12-03")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(try s.files(s.outbox) == ["AD_111_202612_A1_S0001.txt", "AD_114_202612_A1_S0001.txt"])
        for name in try s.files(s.outbox) {
            let sha = try db.scalar("SELECT sha256 FROM autodebet.debit_file WHERE name = $1 AND placed_at IS NOT NULL", [name])
            #expect(sha256Hex(try Data(contentsOf: URL(fileURLWithPath: s.outbox + "/" + name))) == sha, "\(name)")
        }

        // The same day again: nothing more.
        let audit = try db.count("SELECT count(*) FROM autodebet.audit_event")
        let again = try s.run("2026-12-03")
        #expect(again.status == 0)
        #expect(again.stdout.contains("Generated: nothing due today."), "\(again.stdout)")
        #expect(try db.count("SELECT count(*) FROM autodebet.audit_event") == audit)
        #expect(try s.files(s.outbox).count == 2)

        // Tue 8 Dec: bank 114 answers (one insufficient funds), bank 111's answer is broken
        // (its trailer lost), and a file still being uploaded.
        try s.drop(try Bank.answer(s.outbox + "/AD_114_202612_A1_S0001.txt", in: answers,
                                   outcomes: ["10000000002": .insufficientFunds]), age: 600)
        let complete = answers + "/complete"
        try FileManager.default.createDirectory(atPath: complete, withIntermediateDirectories: true)
        let good111 = try Bank.answer(s.outbox + "/AD_111_202612_A1_S0001.txt", in: complete)
        let complete111 = try Data(contentsOf: URL(fileURLWithPath: good111))
        let lines = complete111.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let broken = answers + "/RET_AD_111_202612_A1_S0001.txt"
        try Data(lines.dropLast(2).joined(separator: [UInt8(ascii: "\n")]) + [UInt8(ascii: "\n")]).write(to: URL(fileURLWithPath: broken))
        try s.drop(broken, age: 600)
        try Data("H114 still uploading".utf8).write(to: URL(fileURLWithPath: s.inbox + "/RET_PARTIAL.txt"))
        let eighth = try s.run("2026-12-08", environment: ["AUTODEBET_LOG_FORMAT": "json"])
        #expect(eighth.status == 4, "\(eighth.stdout)\(eighth.stderr)")
        #expect(try s.files(s.inbox) == ["RET_PARTIAL.txt"])
        #expect(try s.files(s.archive + "/2026-12/imported") == ["RET_AD_114_202612_A1_S0001.txt"])
        #expect(try s.files(s.archive + "/2026-12/refused") == ["RET_AD_111_202612_A1_S0001.txt", "RET_AD_111_202612_A1_S0001.txt.errors.txt"])
        let errors = try String(contentsOfFile: s.archive + "/2026-12/refused/RET_AD_111_202612_A1_S0001.txt.errors.txt", encoding: .utf8)
        #expect(errors.contains("refused"), "\(errors)")
        // Attempt 2 of bank 114 as soon as attempt 1's returns are in (its debit date is Thu 10 Dec).
        #expect(try s.files(s.outbox).contains("AD_114_202612_A2_S0001.txt"))
        #expect(!(try s.files(s.outbox)).contains("AD_111_202612_A2_S0001.txt"))
        // JSON logs: one object per line, with level, time, command, message and metadata.
        #expect(eighth.stderr.contains("\"message\":\"run: something needs a person (above)\""), "\(eighth.stderr)")
        for line in eighth.stderr.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["command"] as? String == "run", "\(line)")
            #expect(object?["level"] != nil && object?["time"] != nil && object?["message"] != nil, "\(line)")
            #expect(object?["metadata"] is [String: Any], "\(line)")
        }
        #expect(eighth.stderr.contains("\"file\":\"RET_AD_111_202612_A1_S0001.txt\""), "\(eighth.stderr)")
        try Self.expectNoPersonalData(eighth.stdout + eighth.stderr + errors)

        // Wed 9 Dec: the partial upload is gone, 111 sends its complete answer: the refusal is answered.
        try FileManager.default.removeItem(atPath: s.inbox + "/RET_PARTIAL.txt")
        try s.drop(good111, age: 120)
        let ninth = try s.run("2026-12-09")
        #expect(ninth.status == 0, "\(ninth.stdout)\(ninth.stderr)")
        #expect(try s.files(s.archive + "/2026-12/imported").count == 2)

        // Tue 15 Dec: attempt 2's return is overdue (2 business days after Thu 10 Dec): exit 4, no close.
        let overdue = try s.run("2026-12-15")
        #expect(overdue.status == 4, "\(overdue.stdout)\(overdue.stderr)")
        #expect(overdue.stdout.contains("(1 overdue)"), "\(overdue.stdout)")
        #expect(try db.count("SELECT count(*) FROM autodebet.closed_period") == 0)

        // Wed 16 Dec: attempt 2 answered, the due date passed: the period closes.
        try s.drop(try Bank.answer(s.outbox + "/AD_114_202612_A2_S0001.txt", in: answers), age: 120)
        let sixteenth = try s.run("2026-12-16")
        #expect(sixteenth.status == 0, "\(sixteenth.stdout)\(sixteenth.stderr)")
        #expect(sixteenth.stdout.contains("Closed 2026-12:"), "\(sixteenth.stdout)")
        #expect(try db.count("SELECT count(*) FROM autodebet.closed_period WHERE period = '2026-12'") == 1)
        // January's attempt 1 is weeks away (Tue 5 Jan): not yet.
        #expect(!(try s.files(s.outbox)).contains { $0.contains("202701") })
        try Self.expectNoPersonalData(sixteenth.stdout + sixteenth.stderr)

        // The same day again: nothing.
        let closedAt = try db.scalar("SELECT closed_at::text FROM autodebet.closed_period")
        let last = try s.run("2026-12-16")
        #expect(last.status == 0, "\(last.stdout)\(last.stderr)")
        #expect(try db.scalar("SELECT closed_at::text FROM autodebet.closed_period") == closedAt)
        #expect(!last.stdout.contains("Closed"), "\(last.stdout)")

        // The metrics file parses as Prometheus text and says when run last succeeded.
        let samples = try PrometheusTextParser.parse(try String(contentsOfFile: s.metrics, encoding: .utf8))
        #expect(samples.contains { $0.name == "autodebet_last_success_timestamp_seconds" && $0.labels == ["command": "run"] })
        #expect(samples.contains { $0.name == "autodebet_last_run_timestamp_seconds" && $0.labels == ["command": "run", "outcome": "ok"] })
        #expect(samples.contains { $0.name == "autodebet_files_overdue" && $0.value == 0 })
    }

    @Test("a closed period that receives a late return is closed again by the next run, once")
    func closesAgainAfterALateReturn() throws {
        let s = try Service()
        defer { s.cleanUp() }
        let db = s.setup.db
        let answers = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: answers) }
        let late = "10000000002"

        // Attempt 1 on Thu 3 Dec; bank 114 cannot debit one participant, twice.
        #expect(try s.run("2026-12-03").status == 0)
        try s.drop(try Bank.answer(s.outbox + "/AD_111_202612_A1_S0001.txt", in: answers), age: 600)
        try s.drop(try Bank.answer(s.outbox + "/AD_114_202612_A1_S0001.txt", in: answers,
                                   outcomes: [late: .insufficientFunds]), age: 600)
        #expect(try s.run("2026-12-08").status == 0)
        try s.drop(try Bank.answer(s.outbox + "/AD_114_202612_A2_S0001.txt", in: answers,
                                   outcomes: [late: .insufficientFunds]), age: 600)
        // Wed 16 Dec: attempt 3's debit date (Tue 15 Dec) has passed: a person decides.
        let decision = try s.run("2026-12-16")
        #expect(decision.status == 4, "\(decision.stdout)\(decision.stderr)")
        #expect(try db.count("SELECT count(*) FROM autodebet.closed_period") == 0)
        // The operator closes the period, then sends attempt 3 late, on Thu 17 Dec.
        let closed = try s.setup.cli.run(["close", "--period", "2026-12"], extraEnvironment: ["AUTODEBET_TODAY": "2026-12-16"])
        #expect(closed.status == 0, "\(closed.stdout)\(closed.stderr)")
        #expect(try db.scalar("SELECT result FROM autodebet.period_result WHERE kpj = $1 AND period = '2026-12'", [late]) == "unpaid")
        let retry = try s.setup.cli.run(["generate", "--period", "2026-12", "--bank", "114", "--debit-date", "2026-12-17",
                                         "--out", s.outbox], extraEnvironment: ["AUTODEBET_TODAY": "2026-12-16"])
        #expect(retry.status == 0, "\(retry.stdout)\(retry.stderr)")
        let closedAt = try db.scalar("SELECT closed_at::text FROM autodebet.closed_period WHERE period = '2026-12'")

        // Fri 18 Dec: attempt 3's return (paid) comes in: run imports it and closes 2026-12 again.
        try s.drop(try Bank.answer(s.outbox + "/AD_114_202612_A3_S0001.txt", in: answers), age: 600)
        let again = try s.run("2026-12-18")
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("Closed again 2026-12:"), "\(again.stdout)")
        #expect(try db.scalar("SELECT result FROM autodebet.period_result WHERE kpj = $1 AND period = '2026-12'", [late]) == "paid")
        let reclosedAt = try db.scalar("SELECT closed_at::text FROM autodebet.closed_period WHERE period = '2026-12'")
        #expect(reclosedAt != closedAt)
        // The same day again: nothing more.
        let twice = try s.run("2026-12-18")
        #expect(twice.status == 0, "\(twice.stdout)\(twice.stderr)")
        #expect(!twice.stdout.contains("Closed"), "\(twice.stdout)")
        #expect(try db.scalar("SELECT closed_at::text FROM autodebet.closed_period WHERE period = '2026-12'") == reclosedAt)
    }

    @Test("run never generates an attempt whose debit date has passed: a month begun late, a retry whose returns came after its date")
    func pastDebitDates() throws {
        let s = try Service()
        defer { s.cleanUp() }
        // Tue 8 Dec, nothing generated yet for December: attempt 1's date (Mon 7 Dec) has passed.
        let late = try s.run("2026-12-08")
        #expect(late.status == 0, "\(late.stdout)\(late.stderr)")
        #expect(try s.files(s.outbox).isEmpty)
        // A fresh start on Thu 3 Dec; bank 114's return (one retryable failure) arrives on Fri 11 Dec,
        // after attempt 2's date (Thu 10 Dec): no attempt 2, and a person is told.
        let t = try Service()
        defer { t.cleanUp() }
        #expect(try t.run("2026-12-03").status == 0)
        let answers = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: answers) }
        try t.drop(try Bank.answer(t.outbox + "/AD_114_202612_A1_S0001.txt", in: answers,
                                   outcomes: ["10000000002": .insufficientFunds]), age: 120)
        let after = try t.run("2026-12-11")
        #expect(after.status == 4, "\(after.stdout)\(after.stderr)")
        #expect(!(try t.files(t.outbox)).contains("AD_114_202612_A2_S0001.txt"))
        #expect(after.stdout.contains("Needs a decision: bank 114 (Jatim) 2026-12 attempt 2: its debit date 2026-12-10 has passed"),
                "\(after.stdout)")
    }

    @Test("a second run while one holds run's lock exits 3 and touches nothing")
    func secondRunLocked() throws {
        let s = try Service()
        defer { s.cleanUp() }
        let holder = try s.setup.db.connect()
        try holder.acquire(.serviceRun)
        let blocked = try s.run("2026-12-03")
        #expect(blocked.status == 3, "\(blocked.stdout)\(blocked.stderr)")
        #expect(blocked.stderr.contains("another run holds the lock for autodebet run (held by "), "\(blocked.stderr)")
        #expect(try s.files(s.outbox).isEmpty)
        holder.close()
        #expect(try s.run("2026-12-03").status == 0)
        #expect(try s.files(s.outbox).count == 2)
    }

    @Test("a database without the schema, or with an older one, gets 'run autodebet migrate first'; --version names the schema version")
    func migrateFirst() throws {
        let db = try TestDatabase.make(migrated: false)
        let cli = CLI(db)
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try cli.run(["run", "--inbox", root + "/in", "--outbox", root + "/out", "--archive", root + "/archive"])
        #expect(run.status == 4)
        #expect(run.stderr == "autodebet: the database holds no autodebet schema: run autodebet migrate first\n")
        #expect(try cli.run(["migrate"]).status == 0)
        let connection = try db.connect()
        let expected = Migrator().schemaVersion
        // As if the binary were upgraded and migrate not run yet: the latest migration is missing.
        try connection.execute("DELETE FROM autodebet.schema_migration WHERE version = \(expected)")
        let previous = try #require(try db.scalar("SELECT max(version)::text FROM autodebet.schema_migration"))
        let older = try cli.run(["status"])
        #expect(older.status == 4)
        #expect(older.stderr.contains("the database's schema is at version \(previous) and this program expects \(expected): run autodebet migrate first"),
                "\(older.stderr)")
        let version = try cli.run(["--version"])
        #expect(version.stdout == "autodebet \(ProgramVersion.number) (schema version \(expected))\n")
    }

    /// No NIK or account number of the golden mandates, whole.
    static func expectNoPersonalData(_ text: String) throws {
        let csv = try String(contentsOfFile: fixture("golden/mandates.csv"), encoding: .utf8)
        for row in csv.split(separator: "\n").dropFirst() {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count > 8 else { continue }
            for value in [fields[2], fields[8]] where value.count >= 6 {
                #expect(!text.contains(value), "\(value.prefix(2))… appears unmasked")
            }
        }
    }
}

/// A small reader of the Prometheus text exposition format (version 0.0.4), strict enough
/// to fail on what node_exporter's textfile collector would reject: every line a comment
/// (# HELP / # TYPE with a valid name) or `name{label="value",…} value [timestamp]`.
enum PrometheusTextParser {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Invalid: Error, CustomStringConvertible {
        var line: String
        var description: String { "not Prometheus text: \(line)" }
    }

    static func isName(_ text: Substring) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" || first == ":" else { return false }
        return text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == ":" }
    }

    static func parse(_ text: String) throws -> [Sample] {
        guard text.hasSuffix("\n") else { throw Invalid(line: "(no final newline)") }
        var samples: [Sample] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3)
                if parts.count >= 2, parts[1] == "HELP" || parts[1] == "TYPE" {
                    guard parts.count >= 3, isName(parts[2]) else { throw Invalid(line: String(line)) }
                    if parts[1] == "TYPE" {
                        guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                            throw Invalid(line: String(line))
                        }
                    }
                }
                continue
            }
            var rest = line[...]
            let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
            let name = rest[..<nameEnd]
            guard isName(name) else { throw Invalid(line: String(line)) }
            rest = rest[nameEnd...]
            var labels: [String: String] = [:]
            if rest.hasPrefix("{") {
                rest = rest.dropFirst()
                while !rest.hasPrefix("}") {
                    guard let equals = rest.firstIndex(of: "="), isName(rest[..<equals]) else { throw Invalid(line: String(line)) }
                    let key = String(rest[..<equals])
                    rest = rest[rest.index(after: equals)...]
                    guard rest.hasPrefix("\"") else { throw Invalid(line: String(line)) }
                    rest = rest.dropFirst()
                    var value = ""
                    while let c = rest.first, c != "\"" {
                        if c == "\\" { rest = rest.dropFirst() }
                        guard let next = rest.first else { throw Invalid(line: String(line)) }
                        value.append(next)
                        rest = rest.dropFirst()
                    }
                    guard rest.hasPrefix("\"") else { throw Invalid(line: String(line)) }
                    rest = rest.dropFirst()
                    labels[key] = value
                    if rest.hasPrefix(",") { rest = rest.dropFirst() }
                }
                rest = rest.dropFirst()
            }
            let fields = rest.split(separator: " ")
            guard (1...2).contains(fields.count), let value = Double(fields[0]) else { throw Invalid(line: String(line)) }
            samples.append(Sample(name: String(name), labels: labels, value: value))
        }
        return samples
    }
}
