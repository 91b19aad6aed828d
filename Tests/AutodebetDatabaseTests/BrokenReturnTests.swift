import Foundation
import Testing

/// The corpus of broken return files (fixtures/returns-invalid, made by
/// fixtures/make_returns.py, described in its MANIFEST.tsv): each one is refused whole,
/// with an error naming its line, the refusal is recorded, and finance sees no change.
@Suite("broken return files")
struct BrokenReturnTests {
    struct Entry: Sendable, CustomTestStringConvertible {
        let file: String
        let line: Int?
        let kind: String
        var testDescription: String { file }
    }

    static let manifest: [Entry] = {
        let text = (try? String(contentsOfFile: fixture("returns-invalid/MANIFEST.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { row in
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Entry(file: columns[0], line: Int(columns[1]), kind: columns[2])
        }
    }()

    /// What the error says, per kind of fault.
    static let expected: [String: String] = [
        "wrong-record-length": "wrong record length",
        "unknown-record-type": "unknown record type",
        "non-digit-in-numeric": "non-digit in amount field",
        "bad-date": "invalid date '****1332'",
        "missing-header": "no known layout's return header",
        "repeated-header": "repeated header",
        "missing-trailer": "missing trailer",
        "repeated-trailer": "repeated trailer",
        "detail-after-trailer": "detail after the trailer",
        "trailer-count-off": "detail_count: trailer says 4 details, the file has 3",
        "trailer-success-amount-off": "success_amount: trailer says 28,401",
        "trailer-success-count-off": "success_count: trailer says 2 paid details, the file has 1",
        "trailer-failed-count-off": "failed_count: trailer says 3 failed details, the file has 2",
        "trailer-total-debited-off": "total_debited: trailer says 18,401",
        "unknown-response-code": "unknown response code",
        "debited-on-failure": "must be 0 unless paid",
        "sen-not-whole-rupiah": "is not a whole number of rupiah",
        "unknown-reference": "AD202612100000009999: no such debit instruction",
        "duplicated-reference": "answered twice in this file (first on line 3)",
        "amount-mismatch": "amount requested 28,500 differs from the instruction's 28,400",
        "unanswered-instruction": "has no answer in this file",
        "header-unknown-file": "header names debit file AD_114_202612_A1_S0002.txt, which was never generated",
        "header-unknown-bank": "header names bank 999, which is not in the bank registry",
        "header-unknown-period": "header names debit file AD_114_202511_A1_S0001.txt, which was never generated",
        "header-unknown-attempt": "header names debit file AD_114_202612_A2_S0001.txt, which was never generated",
        "processing-date-before-debit-date": "is before 2026-12-07, the debit date of AD_11",
        "processing-date-after-today": "is after today (2026-12-08)",
        "empty": "the file is empty",
        "binary-garbage": "no known layout's return header",
    ]

    @Test("the manifest covers every kind of error")
    func coverage() {
        #expect(Set(Self.manifest.map(\.kind)) == Set(Self.expected.keys))
    }

    @Test("refused whole: exit 2, the error on its line, the refusal recorded, finance unchanged", arguments: manifest)
    func refused(_ entry: Entry) throws {
        let s = try ReturnImportTests.setup()
        defer { s.cleanUp() }
        let before = try s.financeSnapshot()
        let path = fixture("returns-invalid/" + entry.file)
        let result = try s.cli.run(["returns", "import", path])
        #expect(result.status == 2)
        let fragment = try #require(Self.expected[entry.kind], "no expectation for \(entry.kind)")
        let errorLine = result.stderr.split(separator: "\n").first { $0.contains(fragment) }
        #expect(errorLine != nil, "no error saying '\(fragment)' in:\n\(result.stderr)")
        if let line = entry.line {
            #expect(errorLine?.hasPrefix("\(path): line \(line)") == true, "expected line \(line): \(errorLine ?? "")")
        }
        #expect(result.stderr.contains("refused"))
        #expect(try s.financeSnapshot() == before)
        #expect(try s.db.count("SELECT count(*) FROM autodebet.return_file WHERE status = 'rejected' AND error_count > 0") == 1)
        #expect(try s.db.count("SELECT count(*) FROM autodebet.return_file WHERE status = 'imported'") == 0)
    }

    @Test("answers for instructions already settled are refused: a second return for a debit file")
    func alreadySettled() throws {
        let s = try ReturnImportTests.setup()
        defer { s.cleanUp() }
        #expect(try s.cli.run(["returns", "import", fixture("returns/RET_114_paid_mixed.txt")]).status == 0)
        let before = try s.financeSnapshot()
        let second = try s.cli.run(["returns", "import", fixture("returns/RET_114_all_paid.txt")])
        #expect(second.status == 2)
        #expect(second.stderr.contains("line 1: debit file AD_114_202612_A1_S0001.txt was already answered by return file RET_114_paid_mixed.txt"))
        #expect(try s.financeSnapshot() == before)
    }

    @Test("the corpus's valid files import, including CRLF and a missing final newline")
    func validCorpus() throws {
        let s = try ReturnImportTests.setup()
        defer { s.cleanUp() }
        let result = try s.cli.run(["returns", "import", fixture("returns/RET_114_crlf.txt"),
                                    fixture("returns/RET_111_no_final_newline.txt")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE status = 'submitted'") == 0)
    }

    @Test("validate checks return files too: valid ones pass, a broken one lists its errors with lines")
    func validateReturns() throws {
        let s = try ReturnImportTests.setup()
        defer { s.cleanUp() }
        let valid = try s.cli.run(["validate", fixture("returns/RET_111_paid_mixed.txt")])
        #expect(valid.status == 0)
        #expect(valid.stdout.contains("valid bpd-b return file: bank 111, period 2026-12, attempt 1, answering file 1; 3 answers, 1 paid for Rp 18,150"))
        let path = fixture("returns-invalid/a-trailer-failed-count-off.txt")
        let broken = try s.cli.run(["validate", path])
        #expect(broken.status == 2)
        #expect(broken.stdout.contains("\(path): line 5, failed_count: trailer says 3 failed details, the file has 2"))
    }
}
