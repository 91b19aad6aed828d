import Foundation
import Testing
import TestSupport

/// `autodebet status [--check]` and `files list`: what needs a person today.
@Suite("status and files list")
struct StatusCommandTests {
    typealias Cycle = GoldenSetup

    @Test("status --check exits 4 with an overdue file (past the bank's return_days), 0 once all is answered")
    func check() throws {
        let c = try FileCancelTests.generated()
        defer { c.cleanUp() }
        // Debit date Monday 2026-12-07; Friday the 11th is 4 business days on: past 2.
        let overdue = try c.run(["status", "--check"], today: "2026-12-11")
        #expect(overdue.status == 4, "\(overdue.stdout)")
        #expect(overdue.stdout.contains("AD_111_202612_A1_S0001.txt  111 DKI"))
        #expect(overdue.stdout.contains("OVERDUE: awaiting, 4 business days since the debit date"))
        #expect(overdue.stdout.contains("Needs a person: 2 overdue files."))
        #expect(overdue.stderr.contains("status --check: something needs a person"))
        // Within the bank's own return_days it is awaited, not overdue.
        let connection = try c.db.connect()
        defer { connection.close() }
        try connection.execute("UPDATE autodebet.bank SET return_days = 5")
        let patient = try c.run(["status", "--check"], today: "2026-12-11")
        #expect(patient.status == 0, "\(patient.stdout)")
        #expect(patient.stdout.contains("awaiting, 4 business days"))
        try connection.execute("UPDATE autodebet.bank SET return_days = DEFAULT")
        for file in ["AD_111_202612_A1_S0001.txt", "AD_114_202612_A1_S0001.txt"] {
            let answer = try Bank.answer(c.out + "/" + file, in: c.out)
            #expect(try c.run(["returns", "import", answer], today: "2026-12-11").status == 0)
        }
        let answered = try c.run(["status", "--check"], today: "2026-12-16")
        #expect(answered.status == 0, "\(answered.stdout)\(answered.stderr)")
        #expect(answered.stdout.contains("Files awaiting a return: none."))
        #expect(answered.stdout.contains("Ready to close: 2026-12 (due on 2026-12-15, every return in)."))
        #expect(answered.stdout.contains("Nothing needs a person."))
    }

    @Test("a refused return file needs a person until an accepted one follows for the same debit file")
    func refused() throws {
        let c = try FileCancelTests.generated()
        defer { c.cleanUp() }
        let file = "AD_114_202612_A1_S0001.txt"
        let answer = try Bank.answer(c.out + "/" + file, in: c.out)
        let broken = c.out + "/broken.txt"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: answer))
        bytes[bytes.count - 3] = UInt8(ascii: "9") == bytes[bytes.count - 3] ? UInt8(ascii: "8") : UInt8(ascii: "9")
        try bytes.write(to: URL(fileURLWithPath: broken))
        #expect(try c.run(["returns", "import", broken], today: "2026-12-08").status == 2)
        let status = try c.run(["status", "--check"], today: "2026-12-08")
        #expect(status.status == 4)
        #expect(status.stdout.contains("broken.txt, received "), "\(status.stdout)")
        #expect(status.stdout.contains("Needs a person: 1 refused return file."))
        #expect(try c.run(["returns", "import", answer], today: "2026-12-08").status == 0)
        let after = try c.run(["status"], today: "2026-12-08")
        #expect(after.stdout.contains("Refused return files not followed by an accepted one: none."), "\(after.stdout)")
    }

    @Test("files list: each file's status, filters, CSV and JSON")
    func list() throws {
        let c = try FileCancelTests.generated()
        defer { c.cleanUp() }
        let answer = try Bank.answer(c.out + "/AD_111_202612_A1_S0001.txt", in: c.out)
        #expect(try c.run(["returns", "import", answer], today: "2026-12-08").status == 0)
        #expect(try c.run(["files", "cancel", FileCancelTests.file, "--reason", "never reached the bank"],
                          today: "2026-12-08").status == 0)
        #expect(try c.run(["generate", "--period", "2026-12", "--out", c.out, "--debit-date", "2026-12-09"],
                          today: "2026-12-08").status == 0)
        let table = try c.run(["files", "list"], today: "2026-12-14")
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "\(table.stdout)")
        #expect(lines[1].hasPrefix("AD_114_202612_A1_S0002.txt  114 Jatim  2026-12        1  2026-12-09        3      74,950"))
        #expect(lines[1].hasSuffix("OVERDUE: awaiting, 3 business days since the debit date"))
        #expect(lines[2].hasSuffix("answered by RET_AD_111_202612_A1_S0001.txt"))
        #expect(lines[3].contains("cancelled 2026-") && lines[3].hasSuffix("Asia/Jakarta: never reached the bank"))
        #expect(lines[4] == "3 files; 1 overdue.")
        #expect(lines[5].hasPrefix("Overdue: ask the bank for the return"))
        let csv = try c.run(["files", "list", "--bank", "114", "--status", "cancelled", "--format", "csv"], today: "2026-12-14")
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.count == 2)
        #expect(rows[1].hasPrefix("AD_114_202612_A1_S0001.txt,114,Jatim,2026-12,1,1,2026-12-07,3,74950,cancelled,,false,,2026-"))
        let json = try c.run(["files", "list", "--period", "2026-12", "--status", "answered", "--format", "json"], today: "2026-12-14")
        #expect(json.stdout.hasPrefix("[{\"file\":\"AD_111_202612_A1_S0001.txt\",\"bank_code\":\"111\",\"bank_name\":\"DKI\""))
        #expect(json.stdout.contains("\"status\":\"answered\",\"age_business_days\":null,\"overdue\":false,\"return_file\":\"RET_AD_111_202612_A1_S0001.txt\""))
        #expect(try c.run(["files", "list", "--status", "lost"], today: "2026-12-14").status == 2)
    }
}
