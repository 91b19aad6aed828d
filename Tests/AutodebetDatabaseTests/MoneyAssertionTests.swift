import FixedWidth
import Foundation
import Testing
import TestSupport

/// Assertions on the money paths, before COMMIT: a file's totals equal the instructions
/// inserted, and the rows settled equal the answers read. Made to fail here by a trigger
/// that silently drops one row, as a bug or a rogue rule in the database could.
@Suite("money assertions")
struct MoneyAssertionTests {
    static func dropRow(_ db: TestDatabase, on event: String, when condition: String) throws {
        try db.connect().execute("""
            CREATE FUNCTION pg_temp_drop_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
            CREATE TRIGGER drop_one BEFORE \(event) ON autodebet.debit_instruction
                FOR EACH ROW WHEN (\(condition)) EXECUTE FUNCTION pg_temp_drop_row();
            """)
    }

    @Test("generate refuses to commit when the files hold a debit that was not inserted")
    func filesEqualInstructions() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        try Self.dropRow(s.db, on: "INSERT", when: "NEW.kpj = '10000000002'")
        let result = try s.cli.run(["generate", "--period", "2026-12", "--out", s.out])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bank 114: the files hold 3 debits for Rp 74,950 but 2 instructions for Rp 46,550 were inserted; nothing was recorded"),
                "\(result.stderr)")
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction") == 0)
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_file") == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.out).filter { $0.hasPrefix("AD_") }.isEmpty)
    }

    @Test("returns import refuses to commit when fewer instructions settle than answers were read")
    func settledEqualAnswers() throws {
        let s = try GoldenSetup(generating: "2026-12")
        defer { s.cleanUp() }
        let answer = try Bank.answer(s.out + "/AD_114_202612_A1_S0001.txt", in: s.out)
        try Self.dropRow(s.db, on: "UPDATE", when: "NEW.kpj = '10000000003' AND NEW.status <> 'submitted'")
        let result = try s.cli.run(["returns", "import", answer])
        #expect(result.status == 1)
        #expect(result.stderr.contains("3 answers read but 2 instructions settled; nothing was applied"), "\(result.stderr)")
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE status <> 'submitted'") == 0)
        #expect(try s.db.count("SELECT count(*) FROM autodebet.return_file WHERE status = 'imported'") == 0)
    }
}
