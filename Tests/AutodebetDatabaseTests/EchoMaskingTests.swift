import FixedWidth
import Foundation
import PersonalData
import Testing
import TestSupport

/// Masking by content, not by column: a NIK or an account number wherever it stands in an
/// input is never echoed whole.
@Suite("masking echoed values")
struct EchoMaskingTests {
    static let nik = "3274055903654852"
    static let otherNik = "5171201405671152"
    static let account = "1308031110859611"

    func importCSV(_ text: String, _ s: GoldenSetup) throws -> CLI.Result {
        let path = s.out + "/in-\(UUID().uuidString).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try s.cli.run(["mandates", "import", path])
    }

    func expectNoPersonalData(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in [Self.nik, Self.otherNik, Self.account] {
            #expect(!text.contains(secret), "\(secret) echoed whole in: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test("a mandates CSV without its header row: the first row's NIK and account are not echoed as column names")
    func headerless() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        let result = try importCSV("MDT-1,10000000099,\(Self.nik),Ani,general,1000000,Y,114,\(Self.account),,2026-01-01,2026-02,,,active\n", s)
        #expect(result.status == 2)
        expectNoPersonalData(result.stderr)
        #expect(result.stderr.contains("line 1, ************4852: unknown column in the header"), "\(result.stderr)")
    }

    @Test("a NIK in the kpj column and in paid_through is masked like a NIK")
    func shiftedColumns() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        let header = "mandate_ref,kpj,nik,name,sector,income,jht,bank_code,account_no,account_name,signed_on,start_period,end_period,paid_through,status\n"
        let result = try importCSV(header + "MDT-1,\(Self.nik),\(Self.nik),Ani,general,1000000,Y,114,\(Self.account),,2026-01-01,2026-02,,\(Self.otherNik),active\n", s)
        #expect(result.status == 2)
        expectNoPersonalData(result.stderr)
        #expect(result.stderr.contains("kpj '************4852'"), "\(result.stderr)")
        #expect(result.stderr.contains("paid_through '************1152'"), "\(result.stderr)")
    }

    @Test("holiday rows echo masked values too")
    func holidays() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        let path = s.out + "/h.csv"
        try "date,kind,name\n\(Self.nik),\(Self.account),x\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try s.cli.run(["holidays", "import", path])
        #expect(result.status == 2)
        expectNoPersonalData(result.stderr)
    }
}

@Suite("masking in file errors")
struct InputProblemMaskingTests {
    @Test("validate on a bpd-b debit file whose detail has a wrong record type echoes no NIK or account number")
    func wrongRecordType() throws {
        let golden = try Data(contentsOf: URL(fileURLWithPath: fixture("golden/AD_111_202612_A1_S0001.txt")))
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for type in ["0", "9", "7"] {
            var bytes = Array(golden)
            let detail = bytes.firstIndex(of: UInt8(ascii: "\n"))! + 1
            bytes[detail] = UInt8(ascii: Unicode.Scalar(type)!)
            let path = dir + "/bad-\(type).txt"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let result = try CLI(try TestDatabase.make()).run(["validate", path])
            #expect(result.status == 2)
            let output = result.stdout + result.stderr
            for secret in ["3171011111930010", "1234567890123456", "317101111193001010", "000000012345"] {
                #expect(!output.contains(secret), "type \(type): \(secret) in \(output)")
            }
            // Whatever remains of six or more digits is ours: references and file names.
            let shown = output.replacingOccurrences(of: dir, with: "DIR")
            #expect(Mask.keepingReferences(shown) == shown, "type \(type): \(shown)")
        }
    }
}

@Suite("unreadable layouts")
struct UnreadableLayoutTests {
    /// Whether `nobody` can run the built binary and read the repository (not when the
    /// clone sits under a private home directory).
    static let nobodyCanRun: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
        probe.arguments = ["-u", "nobody", "--", "/bin/sh", "-c",
                           "test -x \"$0\" && test -r \"$1/layouts/bpd-a.json\"", CLI.executable, RepositoryRoot.path]
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    /// Root reads whatever the permission bits say, so the command runs as `nobody`.
    @Test(.enabled(if: nobodyCanRun, "needs root, runuser, and a checkout that nobody can read"))
    func permissionError() throws {
        let dir = NSTemporaryDirectory() + "layouts-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let layout = dir + "/bpd-x.json"
        try Data(contentsOf: URL(fileURLWithPath: RepositoryRoot.layouts + "/bpd-a.json")).write(to: URL(fileURLWithPath: layout))
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: layout)
        let debit = dir + "/debit.txt"
        try Data(contentsOf: URL(fileURLWithPath: RepositoryRoot.fixture("golden/AD_114_202612_A1_S0001.txt")))
            .write(to: URL(fileURLWithPath: debit))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: debit)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
        process.arguments = ["-u", "nobody", "--", CLI.executable, "validate", debit]
        process.environment = ["AUTODEBET_HOME": RepositoryRoot.path, "AUTODEBET_LAYOUTS": dir, "PATH": "/usr/bin:/bin"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(stderr.contains("bpd-x.json"), "\(stderr)")
        #expect(stderr.contains("Permission denied"), "\(stderr)")
    }
}
