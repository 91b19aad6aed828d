import Foundation
import PostgresClient
import Testing
import TestSupport

/// The money rules hold in the database itself, whatever a program does: never two open
/// instructions for one participant and period, never another after a paid one.
@Suite("instruction constraints")
struct InstructionConstraintTests {
    /// A database with the golden mandates and the 2026-12 files generated.
    func generated() throws -> TestDatabase {
        let golden = try GoldenSetup(generating: "2026-12")
        golden.cleanUp()
        return golden.db
    }

    /// A second instruction for GOLD-0001's participant in 2026-12, as attempt 2.
    static let second = """
        INSERT INTO autodebet.debit_instruction (reference, mandate_id, kpj, bank_code, period, attempt, file_sequence,
                                                 account_no, account_name, amount, jkk, jkm, jht, tariff_id, base)
        SELECT 'AD20261220' || lpad(mandate_id::text, 10, '0'), mandate_id, kpj, bank_code, period, 2, 1,
               account_no, account_name, amount, jkk, jkm, jht, tariff_id, base
          FROM autodebet.debit_instruction WHERE kpj = '10000000001' AND period = '2026-12'
        """

    @Test("a second open instruction for a participant and period is refused")
    func secondOpen() throws {
        let connection = try generated().connect()
        let error = #expect(throws: PostgresError.self) { try connection.execute(Self.second) }
        #expect(error?.sqlState == "23505")
        #expect(error?.constraint == "debit_instruction_one_live_per_period_2026_12")   // the period's partition
    }

    @Test("no instruction after a paid one; a failed one makes room for the next attempt")
    func afterPaid() throws {
        let db = try generated()
        let connection = try db.connect()
        try connection.execute("""
            UPDATE autodebet.debit_instruction SET status = 'paid', outcome = 'paid', response_code = '00',
                   debited_on = '2026-12-07' WHERE kpj = '10000000001'
            """)
        let error = #expect(throws: PostgresError.self) { try connection.execute(Self.second) }
        #expect(error?.constraint == "debit_instruction_one_live_per_period_2026_12")   // the period's partition
        // Marked failed instead, the retry is allowed.
        try connection.execute("""
            UPDATE autodebet.debit_instruction SET status = 'failed', outcome = 'insufficient_funds',
                   response_code = '51', debited_on = NULL WHERE kpj = '10000000001'
            """)
        try connection.execute(Self.second)
        #expect(try db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE kpj = '10000000001'") == 2)
    }

    @Test("amount must equal its program parts, and a reference names one instruction for ever")
    func amountsAndReferences() throws {
        let connection = try generated().connect()
        let parts = #expect(throws: PostgresError.self) {
            try connection.execute("UPDATE autodebet.debit_instruction SET jht = jht + 1 WHERE kpj = '10000000001'")
        }
        #expect(parts?.sqlState == "23514")
        let duplicate = #expect(throws: PostgresError.self) {
            try connection.execute("""
                UPDATE autodebet.debit_instruction SET reference = (SELECT min(reference) FROM autodebet.debit_instruction)
                 WHERE reference = (SELECT max(reference) FROM autodebet.debit_instruction)
                """)
        }
        #expect(duplicate?.constraint == "debit_instruction_reference_2026_12")
    }
}
