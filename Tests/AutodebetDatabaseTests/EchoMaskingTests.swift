import Foundation
import Testing

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
