import Foundation
import Testing
import TestSupport

/// Account numbers and NIKs are personal data (UU PDP 27/2022): none of the fixture's may
/// appear whole in anything people or machines read besides the bank files themselves:
/// every command's output and logs (success and error paths, --help, trace logging, text
/// and JSON), the run's archive notes and metrics, the HTML report, the audit trail and
/// every finance view. The bank files must carry them, and are mode 0600.
@Suite("personal data sweep")
struct PersonalDataSweepTests {
    /// The NIKs and account numbers of fixtures/golden/mandates.csv. Accounts shorter than
    /// ten digits are left out: six digits turn up by chance in hashes and timestamps.
    static func secrets() throws -> [String] {
        let text = try String(contentsOfFile: fixture("golden/mandates.csv"), encoding: .utf8)
        var values: [String] = []
        for line in text.split(separator: "\n").dropFirst() {
            // The name may be quoted with a comma inside: count fields from the end.
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let nik = fields[2], account = fields[fields.count - 7]
            values.append(String(nik))
            if account.count >= 10 { values.append(String(account)) }
        }
        return values
    }

    /// Everything read, as one text per source, for the report of a failure.
    struct Sweep {
        var texts: [(source: String, text: String)] = []
        mutating func add(_ source: String, _ result: CLI.Result) {
            texts.append((source + " (stdout)", result.stdout))
            texts.append((source + " (stderr)", result.stderr))
        }
    }

    @Test("no NIK or full account number in any output, log, archive note, metric, report page, audit row or finance view")
    func sweep() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        var sweep = Sweep()
        let trace = ["AUTODEBET_LOG_LEVEL": "trace"]
        let json = ["AUTODEBET_LOG_LEVEL": "trace", "AUTODEBET_LOG_FORMAT": "json"]
        func run(_ arguments: [String], _ environment: [String: String] = trace, today: String = "2026-11-21") throws -> CLI.Result {
            let result = try s.cli.run(arguments, extraEnvironment: environment.merging(["AUTODEBET_TODAY": today]) { $1 })
            sweep.add(arguments.joined(separator: " "), result)
            return result
        }

        // --help of every command.
        for command in [[], ["migrate"], ["mandates", "import"], ["generate"], ["returns", "import"], ["close"], ["report"],
                        ["participant"], ["validate"], ["simulate-bank"], ["holidays", "import"], ["holidays", "list"],
                        ["files", "list"], ["files", "cancel"], ["files", "rewrite"], ["instructions", "reverse"],
                        ["status"], ["run"], ["archive"]] {
            _ = try run(command + ["--help"])
        }
        // The month: generate, answer, import (both log formats), validate, close, report.
        #expect(try run(["generate", "--period", "2026-12", "--out", s.out], json).status == 0)
        let debitFiles = try FileManager.default.contentsOfDirectory(atPath: s.out).filter { $0.hasPrefix("AD_") }.sorted()
        #expect(!debitFiles.isEmpty)
        for file in debitFiles {
            #expect(try run(["simulate-bank", s.out + "/" + file, "--out", s.out + "/returns", "--seed", "7"]).status == 0)
            _ = try run(["validate", s.out + "/" + file])
        }
        let returns = try FileManager.default.contentsOfDirectory(atPath: s.out + "/returns").sorted().map { s.out + "/returns/" + $0 }
        #expect(try run(["returns", "import"] + returns, json, today: CLI.returnsDay).status == 0)
        _ = try run(["returns", "import"] + returns, today: CLI.returnsDay)          // already imported
        for file in returns { _ = try run(["validate", file]) }
        // A broken return (its last lines lost): refused, its errors listed.
        let broken = s.out + "/RET_broken.txt"
        let lines = try String(contentsOfFile: returns[0], encoding: .utf8).split(separator: "\n")
        try (lines.dropLast(2).joined(separator: "\n") + "\n").write(toFile: broken, atomically: true, encoding: .utf8)
        #expect(try run(["returns", "import", broken], json, today: CLI.returnsDay).status == 2)
        // Bad input: a mandates file with broken rows, a holidays file with digits for names.
        let badCSV = s.out + "/bad.csv"
        try (try String(contentsOfFile: fixture("golden/mandates.csv"), encoding: .utf8)
            .replacingOccurrences(of: ",general,", with: ",farmer,")).write(toFile: badCSV, atomically: true, encoding: .utf8)
        #expect(try run(["mandates", "import", badCSV], json).status == 2)
        for kpj in ["10000000001", "10000000002", "99999999999"] { _ = try run(["participant", kpj]) }
        _ = try run(["participant", "3578014105900001"])
        #expect(try run(["close", "--period", "2026-12"], json, today: "2026-12-20").status == 0)
        for format in ["table", "csv", "json"] { _ = try run(["report", "--period", "2026-12", "--format", format]) }
        let page = s.out + "/report.html"
        #expect(try run(["report", "--period", "2026-12", "--format", "html", "--out", page]).status == 0)
        sweep.texts.append(("report.html", try String(contentsOfFile: page, encoding: .utf8)))
        for format in ["table", "csv", "json"] { _ = try run(["files", "list", "--format", format]) }
        _ = try run(["status"], json, today: "2026-12-20")
        // The daily run, with a refused file in its inbox: its archive note and its metrics.
        let root = s.out + "/service"
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: broken, toPath: root + "/inbox/RET_broken.txt")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-600)], ofItemAtPath: root + "/inbox/RET_broken.txt")
        _ = try run(["run", "--inbox", root + "/inbox", "--outbox", root + "/outbox", "--archive", root + "/archive",
                     "--metrics-file", root + "/metrics.prom"], json, today: "2027-01-04")
        if let notes = FileManager.default.enumerator(atPath: root + "/archive") {
            for case let name as String in notes where name.hasSuffix(".errors.txt") {
                sweep.texts.append((name, try String(contentsOfFile: root + "/archive/" + name, encoding: .utf8)))
            }
        }
        sweep.texts.append(("metrics", (try? String(contentsOfFile: root + "/metrics.prom", encoding: .utf8)) ?? ""))
        // The database: the audit trail and every finance view, whole.
        sweep.texts.append(("audit_event", try s.db.scalar("SELECT string_agg(row_to_json(a)::text, E'\\n') FROM autodebet.audit_event a") ?? ""))
        for view in ["banks", "closed_periods", "collections", "double_collections", "files_awaiting_return", "participants",
                     "period_collection", "period_results", "period_summary", "program_allocation", "status_changes"] {
            sweep.texts.append(("finance." + view,
                                try s.db.scalar("SELECT string_agg(row_to_json(v)::text, E'\\n') FROM finance.\(view) v") ?? ""))
        }

        let secrets = try Self.secrets()
        #expect(secrets.count >= 15)
        #expect(sweep.texts.count > 100)
        for (source, text) in sweep.texts {
            for secret in secrets where text.contains(secret) {
                Issue.record("\(secret) appears whole in \(source)")
            }
        }
        // The bank files do carry the accounts, and only their owner may read them.
        let mode = try FileManager.default.attributesOfItem(atPath: s.out + "/" + debitFiles[0])[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
