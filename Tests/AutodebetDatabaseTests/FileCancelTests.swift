import FixedWidth
import Foundation
import PostgresClient
import Testing
import TestSupport

/// `files cancel`: a file the bank rejected whole is cancelled, and the next generate
/// replaces it; an answered file cannot be cancelled; a return for a cancelled file is refused.
@Suite("cancelling a debit file")
struct FileCancelTests {
    typealias Cycle = GoldenSetup
    static let file = "AD_114_202612_A1_S0001.txt"
    static let reason = "bank rejected the whole file: wrong debit date"

    static func generated() throws -> Cycle {
        let c = try Cycle()
        let generated = try c.run(["generate", "--period", "2026-12", "--out", c.out], today: "2026-11-21")
        #expect(generated.status == 0, "\(generated.stderr)")
        return c
    }

    /// Status, amount and reference of each of the bank's instructions, per KPJ.
    static func instructions(_ c: Cycle, sequence: Int) throws -> String? {
        try c.db.scalar("""
            SELECT string_agg(kpj || ':' || status || ':' || amount || ':' || reference, ' ' ORDER BY kpj)
              FROM autodebet.debit_instruction WHERE bank_code = '114' AND period = '2026-12' AND file_sequence = $1
            """, [sequence])
    }

    @Test("a cancelled file is replaced by the next generate: same attempt, next sequence, same amounts, new references, revoked mandates left out")
    func cancelThenReplace() throws {
        let c = try Self.generated()
        defer { c.cleanUp() }
        let original = try Data(contentsOf: URL(fileURLWithPath: c.out + "/" + Self.file))
        let cancelled = try c.run(["files", "cancel", Self.file, "--reason", Self.reason], today: "2026-11-23")
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        #expect(cancelled.stdout.contains("Cancelled \(Self.file): 3 debits for Rp 74,950"))
        #expect(try Self.instructions(c, sequence: 1) == """
            10000000001:cancelled:28400:AD202612100000000001 10000000002:cancelled:28400:AD202612100000000002 \
            10000000003:cancelled:18150:AD202612100000000003
            """)
        #expect(try c.db.scalar("SELECT cancel_reason FROM autodebet.debit_file WHERE name = $1", [Self.file]) == Self.reason)
        #expect(try c.db.scalar("""
            SELECT details->>'reason' || '/' || (details->>'instructions_cancelled') || '/' || actor
              FROM autodebet.audit_event WHERE action = 'files.cancel' AND subject = $1
            """, [Self.file]) == "\(Self.reason)/3/\(try c.db.scalar("SELECT session_user") ?? "")")
        // Meanwhile the registry revokes 0002's mandate.
        let csv = c.out + "/revoke.csv"
        let rows = try String(contentsOfFile: fixture("golden/mandates.csv"), encoding: .utf8).split(separator: "\n")
        try ([String(rows[0]), rows.first { $0.hasPrefix("GOLD-0002,") }!.replacingOccurrences(of: ",active", with: ",revoked")]
            .joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try c.run(["mandates", "import", csv], today: "2026-11-23").status == 0)
        // Close waits for the replacement (after the due date, nothing else outstanding).
        let other = try Bank.answer(c.out + "/AD_111_202612_A1_S0001.txt", in: c.out)
        #expect(try c.run(["returns", "import", other], today: CLI.returnsDay).status == 0)
        let early = try c.close("2026-12")
        #expect(early.status == 4)
        #expect(early.stderr.contains("bank 114 attempt 1: 2 debits"), "\(early.stderr)")
        #expect(try c.db.count("SELECT count(*) FROM autodebet.closed_period") == 0)

        let preview = try c.run(["generate", "--period", "2026-12", "--out", c.out, "--dry-run"], today: "2026-11-23")
        #expect(preview.stdout.contains("would write (replaces cancelled files)"), "\(preview.stdout)")
        #expect(preview.stdout.contains("AD_114_202612_A1_S0002.txt"))
        let replaced = try c.run(["generate", "--period", "2026-12", "--out", c.out], today: "2026-11-23")
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(replaced.stdout.contains("114   Jatim  1        2026-12-07      1       2      46,550  written (replaces cancelled files)"),
                "\(replaced.stdout)")
        #expect(replaced.stdout.contains("Already generated earlier, nothing changed: 111 attempt 1 (1 file, 3 debits, Rp 572,450)."))
        #expect(replaced.stdout.contains("AD_114_202612_A1_S0002.txt       2      46,550"))
        #expect(try Self.instructions(c, sequence: 2) == """
            10000000001:submitted:28400:AE202612100000000001 10000000003:submitted:18150:AE202612100000000003
            """)
        #expect(try c.db.scalar("""
            SELECT string_agg(sequence || ':' || record_count || ':' || total_amount || ':' || (cancelled_at IS NULL), ' ' ORDER BY sequence)
              FROM autodebet.debit_file WHERE bank_code = '114' AND period = '2026-12' AND attempt = 1
            """) == "1:3:74950:false 2:2:46550:true")
        #expect(try c.db.count("SELECT count(*) FROM autodebet.attempt WHERE bank_code = '114'") == 1)
        // The replacement file carries the new references; the cancelled one is left as it was.
        let replacement = String(decoding: try Data(contentsOf: URL(fileURLWithPath: c.out + "/AD_114_202612_A1_S0002.txt")), as: UTF8.self)
        #expect(replacement.contains("AE202612100000000001") && replacement.contains("AE202612100000000003"))
        #expect(!replacement.contains("AD202612100000000001") && !replacement.contains("AE202612100000000002"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: c.out + "/" + Self.file)) == original)
        // The replacement is answered like any file; nothing more is due for the attempt.
        let answer = try Bank.answer(c.out + "/AD_114_202612_A1_S0002.txt", in: c.out)
        #expect(try c.run(["returns", "import", answer], today: "2026-12-07").status == 0)
        let again = try c.run(["generate", "--period", "2026-12", "--out", c.out], today: "2026-12-07")
        #expect(again.status == 0)
        #expect(try c.db.count("SELECT count(*) FROM autodebet.debit_file") == 3)
        // Close: a cancelled debit alone makes nobody a participant of the period.
        #expect(try c.close("2026-12").status == 0)
        #expect(try c.result("10000000001", "2026-12") == "paid")
        #expect(try c.result("10000000002", "2026-12") == nil)
        #expect(try c.db.scalar("""
            SELECT submitted_count || '/' || paid_count || '/' || cancelled_count FROM finance.period_summary
             WHERE period = '2026-12' AND bank_code = '114'
            """) == "2/2/3")
        // The report names the cancelled debits once, summed over every bank's rows.
        let report = try c.run(["report", "--period", "2026-12"], today: "2026-12-21")
        #expect(report.stdout.contains("Not counted above: 3 debits of cancelled files (sent again under new references); "
                                       + "0 debits reversed by the bank after payment (Rp 0)."), "\(report.stdout)")
    }

    @Test("a replacement cancelled in turn is replaced again: sequence 3, references AF…, never one reused")
    func secondReplacement() throws {
        let c = try Self.generated()
        defer { c.cleanUp() }
        for (name, day) in [(Self.file, "2026-11-23"), ("AD_114_202612_A1_S0002.txt", "2026-11-24")] {
            #expect(try c.run(["files", "cancel", name, "--reason", Self.reason], today: day).status == 0)
            #expect(try c.run(["generate", "--period", "2026-12", "--out", c.out], today: day).status == 0)
        }
        #expect(try c.db.scalar("""
            SELECT string_agg(file_sequence || ':' || status || ':' || left(reference, 2), ' ' ORDER BY file_sequence, kpj)
              FROM autodebet.debit_instruction WHERE bank_code = '114' AND kpj = '10000000001'
            """) == "1:cancelled:AD 2:cancelled:AE 3:submitted:AF")
        #expect(try c.db.count("SELECT count(DISTINCT reference) - count(*) FROM autodebet.debit_instruction") == 0)
        #expect(try c.db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE status = 'submitted' AND bank_code = '114'") == 3)
    }

    @Test("a file whose return was imported cannot be cancelled (exit 4), and nothing changes")
    func answeredRefused() throws {
        let c = try Cycle()
        defer { c.cleanUp() }
        try c.attempt("2026-12")
        let refused = try c.run(["files", "cancel", Self.file, "--reason", Self.reason], today: "2026-12-08")
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("\(Self.file) cannot be cancelled: return file RET_\(Self.file) answering it was imported"),
                "\(refused.stderr)")
        #expect(try c.db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE status = 'cancelled'") == 0)
        #expect(try c.db.count("SELECT count(*) FROM autodebet.debit_file WHERE cancelled_at IS NOT NULL") == 0)
        #expect(try c.db.count("SELECT count(*) FROM autodebet.audit_event WHERE action = 'files.cancel'") == 0)
        let unknown = try c.run(["files", "cancel", "AD_114_202612_A1_S0009.txt", "--reason", Self.reason], today: "2026-12-08")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no debit file named AD_114_202612_A1_S0009.txt"))
        let noReason = try c.run(["files", "cancel", Self.file, "--reason", "  "], today: "2026-12-08")
        #expect(noReason.status == 2)
    }

    @Test("a return for a cancelled file is refused naming the cancellation, and nothing else changes")
    func returnForCancelledRefused() throws {
        let c = try Self.generated()
        defer { c.cleanUp() }
        let answer = try Bank.answer(c.out + "/" + Self.file, in: c.out)
        #expect(try c.run(["files", "cancel", Self.file, "--reason", Self.reason], today: "2026-11-23").status == 0)
        let before = try Self.instructions(c, sequence: 1)
        let mandates = try c.db.scalar("SELECT string_agg(mandate_ref || '=' || status, ',' ORDER BY mandate_ref) FROM autodebet.mandate")
        let refused = try c.run(["returns", "import", answer], today: "2026-12-07")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("debit file \(Self.file) was cancelled on 2026-"), "\(refused.stderr)")
        #expect(refused.stderr.contains("(\(Self.reason)): a return for it cannot be imported"))
        #expect(try Self.instructions(c, sequence: 1) == before)
        #expect(try c.db.scalar("SELECT string_agg(status, ',') FROM autodebet.return_file") == "rejected")
        #expect(try c.db.scalar("SELECT string_agg(mandate_ref || '=' || status, ',' ORDER BY mandate_ref) FROM autodebet.mandate") == mandates)
    }

    @Test("a cancel racing a returns import of the same file: one wins (the other exits 3), nothing half-done")
    func cancelRacesImport() throws {
        // The import holds the period's lock inside its transaction: the cancel is refused.
        let c = try Self.generated()
        defer { c.cleanUp() }
        let answer = try Bank.answer(c.out + "/" + Self.file, in: c.out)
        let importing = try c.cli.start(["returns", "import", answer], extraEnvironment: [
            "AUTODEBET_TODAY": "2026-12-07", "AUTODEBET_FAILPOINT": "returns.before-commit:sleep=3"])
        try RaceTests.waitForLock(c.db, count: 2)
        let cancel = try c.run(["files", "cancel", Self.file, "--reason", Self.reason], today: "2026-12-07")
        #expect(cancel.status == 3, "\(cancel.stderr)")
        #expect(cancel.stderr.contains("another run holds the lock for period 2026-12"))
        #expect(try importing.wait().status == 0)
        #expect(try c.db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE bank_code = '114' AND status = 'paid'") == 3)
        #expect(try c.db.count("SELECT count(*) FROM autodebet.debit_file WHERE cancelled_at IS NOT NULL") == 0)

        // The cancel holds it: the import is refused before changing anything.
        let d = try Self.generated()
        defer { d.cleanUp() }
        let answerD = try Bank.answer(d.out + "/" + Self.file, in: d.out)
        let cancelling = try d.cli.start(["files", "cancel", Self.file, "--reason", Self.reason], extraEnvironment: [
            "AUTODEBET_TODAY": "2026-12-07", "AUTODEBET_FAILPOINT": "files.cancel.before-commit:sleep=3"])
        try RaceTests.waitForLock(d.db)
        let imported = try d.run(["returns", "import", answerD], today: "2026-12-07")
        #expect(imported.status == 3, "\(imported.stderr)")
        #expect(try cancelling.wait().status == 0)
        #expect(try d.db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE bank_code = '114' AND status = 'cancelled'") == 3)
        #expect(try d.db.count("SELECT count(*) FROM autodebet.return_file") == 0)
        #expect(try d.db.count("SELECT count(*) FROM autodebet.audit_event WHERE action LIKE 'returns.%'") == 0)
    }
}
