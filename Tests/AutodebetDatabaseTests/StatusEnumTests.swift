import Autodebet
import Testing
import TestSupport

/// Statuses are Swift enums mirroring the schema's CHECKs: the two lists must agree.
@Suite("statuses mirror the schema")
struct StatusEnumTests {
    /// The quoted values of the CHECK constraint on `table.column`, sorted.
    static func checkValues(_ db: TestDatabase, table: String, column: String) throws -> [String] {
        let definitions = try db.connect().query("""
            SELECT pg_get_constraintdef(c.oid) AS def
              FROM pg_constraint c
             WHERE c.conrelid = $1::regclass AND c.contype = 'c'
               AND pg_get_constraintdef(c.oid) ~ ('\\m' || $2 || '\\M.*ARRAY\\[')
            """, [table, column])
        try #require(definitions.count == 1, "one CHECK listing the values of \(table).\(column)")
        let def = try definitions[0].string("def")
        return def.split(separator: "'").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }.sorted()
    }

    @Test("every status (and sector) enum has exactly the values its CHECK allows")
    func agree() throws {
        let db = try TestDatabase.make()
        let cases: [(String, String, [String])] = [
            ("autodebet.mandate", "status", MandateStatus.allCases.map(\.rawValue)),
            ("autodebet.debit_instruction", "status", InstructionStatus.allCases.map(\.rawValue)),
            ("autodebet.participant", "status", ParticipantStatus.allCases.map(\.rawValue)),
            ("autodebet.return_file", "status", ReturnFileStatus.allCases.map(\.rawValue)),
            ("autodebet.period_result", "result", PeriodResult.allCases.map(\.rawValue)),
            ("autodebet.holiday", "kind", HolidayKind.allCases.map(\.rawValue)),
            ("autodebet.mandate", "sector", Sector.allCases.map(\.rawValue)),
            ("autodebet.tariff", "sector", Sector.allCases.map(\.rawValue)),
        ]
        for (table, column, values) in cases {
            #expect(try Self.checkValues(db, table: table, column: column) == values.sorted(), "\(table).\(column)")
        }
        // Where a debit file stands is derived (autodebet.debit_files()) into a checked domain.
        let domain = try db.scalar("""
            SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contypid = 'autodebet.debit_file_status'::regtype
            """) ?? ""
        let allowed = domain.split(separator: "'").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        #expect(allowed.sorted() == DebitFileStatus.allCases.map(\.rawValue).sorted())
    }

    @Test("the live-instruction rule and the unique index that enforces it agree")
    func liveRule() throws {
        let db = try TestDatabase.make()
        let index = try db.scalar("SELECT pg_get_indexdef('autodebet.debit_instruction_one_live_per_period'::regclass)") ?? ""
        let live = InstructionStatus.allCases.filter {
            (try? db.scalar("SELECT autodebet.instruction_is_live($1)::text", [$0.rawValue])) == "true"
        }.map(\.rawValue)
        #expect(live == ["submitted", "paid"])
        for status in live { #expect(index.contains("'\(status)'"), "\(index)") }
        #expect(!index.contains("'failed'"))
    }
}
