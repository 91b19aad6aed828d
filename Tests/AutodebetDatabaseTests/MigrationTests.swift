import Autodebet
import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("migrate")
struct MigrationTests {
    @Test("applies every migration once, records it, and a second run applies nothing")
    func idempotent() throws {
        let db = try TestDatabase.make(migrated: false)
        let cli = CLI(db)
        let first = try cli.run(["migrate"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("applied 0001_registry"))
        #expect(first.stdout.contains("applied 0004_generation"))
        let recorded = try db.count("SELECT count(*) FROM autodebet.schema_migration")
        #expect(recorded >= 4)
        let second = try cli.run(["migrate"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("Schema is up to date (\(recorded) migrations already applied)"))
        #expect(try db.count("SELECT count(*) FROM autodebet.schema_migration") == recorded)
        #expect(try db.count("SELECT count(*) FROM autodebet.bank") == 27)
    }

    @Test("refuses when an applied migration's file has changed")
    func changedMigration() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        try connection.query("UPDATE autodebet.schema_migration SET sha256 = repeat('0', 64) WHERE version = 1")
        let result = try CLI(db).run(["migrate"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("migration 0001_registry was applied but its file has changed"))
    }

    @Test("the audit trail refuses updates, deletes and truncation")
    func auditAppendOnly() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        #expect(try db.count("SELECT count(*) FROM autodebet.audit_event WHERE action = 'migrate'") >= 4)
        for statement in ["UPDATE autodebet.audit_event SET action = 'x'",
                          "DELETE FROM autodebet.audit_event",
                          "TRUNCATE autodebet.audit_event"] {
            let error = #expect(throws: PostgresError.self) { try connection.execute(statement) }
            #expect(error?.message.contains("the audit trail is append-only") == true, "\(statement)")
        }
    }

    @Test("banks, mandates and participants cannot be deleted")
    func noDeletes() throws {
        let db = try TestDatabase.make()
        #expect(try CLI(db).run(["mandates", "import", fixture("golden/mandates.csv")]).status == 0)
        let connection = try db.connect()
        #expect(throws: PostgresError.self) { try connection.execute("DELETE FROM autodebet.mandate") }
        #expect(throws: PostgresError.self) { try connection.execute("DELETE FROM autodebet.participant") }
        let bank = #expect(throws: PostgresError.self) { try connection.execute("DELETE FROM autodebet.bank WHERE code = '135'") }
        #expect(bank?.message.contains("banks are never deleted") == true)
    }
}

@Suite("repeatable definitions")
struct DefinitionTests {
    /// A copy of sql/ and layouts/ to change, as AUTODEBET_HOME.
    static func home() throws -> String {
        let home = try temporaryDirectory()
        let fm = FileManager.default
        try fm.copyItem(atPath: TestDatabase.repositoryRoot + "/sql", toPath: home + "/sql")
        try fm.createSymbolicLink(atPath: home + "/layouts", withDestinationPath: TestDatabase.repositoryRoot + "/layouts")
        return home
    }

    @Test("functions and views are applied again when their file changes, and not otherwise")
    func reapplied() throws {
        let db = try TestDatabase.make(migrated: false)
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let cli = CLI(db)
        let env = ["AUTODEBET_HOME": home]
        let first = try cli.run(["migrate"], extraEnvironment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("defined functions/40_close.sql"))
        #expect(first.stdout.contains("defined views/10_finance.sql"))
        let again = try cli.run(["migrate"], extraEnvironment: env)
        #expect(!again.stdout.contains("defined"), "\(again.stdout)")
        #expect(try db.count("SELECT count(*) FROM autodebet.audit_event WHERE action = 'migrate.definitions'") == 1)
        // A rule changed in its one home: three unpaid periods become four.
        let path = home + "/sql/functions/40_close.sql"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "    RETURN 3;", with: "    RETURN 4;").write(toFile: path, atomically: true, encoding: .utf8)
        let changed = try cli.run(["migrate"], extraEnvironment: env)
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.contains("defined functions/40_close.sql"))
        #expect(!changed.stdout.contains("defined functions/10_contribution.sql"))
        #expect(try db.scalar("SELECT autodebet.lapse_after()::text") == "4")
        #expect(try db.count("SELECT count(*) FROM autodebet.audit_event WHERE action = 'migrate.definitions'") == 2)
        // The views, dropped and made again, are still readable by finance.
        #expect(try db.scalar("SELECT has_table_privilege('finance_reader', 'finance.collections', 'SELECT')::text") == "true")
    }

    @Test("a definition that fails rolls back every definition and says which run failed")
    func failing() throws {
        let db = try TestDatabase.make(migrated: false)
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let cli = CLI(db)
        #expect(try cli.run(["migrate"], extraEnvironment: ["AUTODEBET_HOME": home]).status == 0)
        try "CREATE FUNCTION autodebet.broken( RETURNS int".write(toFile: home + "/sql/functions/99_broken.sql", atomically: true, encoding: .utf8)
        let result = try cli.run(["migrate"], extraEnvironment: ["AUTODEBET_HOME": home])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the definitions in sql/functions and sql/views failed and were rolled back"))
        #expect(try db.count("SELECT count(*) FROM autodebet.schema_definition WHERE name = 'functions/99_broken.sql'") == 0)
    }
}

@Suite("upgrades with data")
struct UpgradeTests {
    @Test("partitioning debit instructions (0008) keeps every instruction, its views and its rules")
    func partitionUpgrade() throws {
        let db = try TestDatabase.make(migrated: false)
        let home = try DefinitionTests.home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let later = home + "/0008.sql"
        try FileManager.default.moveItem(atPath: home + "/sql/migrations/0008_partition_instructions.sql", toPath: later)
        // Nor the runtime role's grants, which name tables of 0008.
        let grants = home + "/90_runtime_role.sql"
        try FileManager.default.moveItem(atPath: home + "/sql/views/90_runtime_role.sql", toPath: grants)
        let cli = CLI(db)
        #expect(try cli.run(["migrate"], extraEnvironment: ["AUTODEBET_HOME": home]).status == 0)
        #expect(try cli.run(["mandates", "import", fixture("golden/mandates.csv")], extraEnvironment: ["AUTODEBET_HOME": home]).status == 0)
        // Instructions as a deployment before 0008 holds them (two periods).
        try db.connect().execute("""
            INSERT INTO autodebet.attempt (bank_code, period, number, debit_date, instruction_count, total_amount)
            SELECT b, p, 1, '2026-12-07', 1, 1 FROM unnest(ARRAY['111', '114']) b, unnest(ARRAY['2026-11', '2026-12']) p;
            INSERT INTO autodebet.debit_file (bank_code, period, attempt, sequence, name, layout, sha256, record_count,
                                              total_amount, creation_date, debit_date)
            SELECT b, p, 1, 1, 'AD_' || b || '_' || replace(p, '-', '') || '_A1_S0001.txt', 'bpd-a', repeat('0', 64), 1, 1,
                   '2026-11-21', '2026-12-07'
              FROM unnest(ARRAY['111', '114']) b, unnest(ARRAY['2026-11', '2026-12']) p;
            INSERT INTO autodebet.debit_instruction (reference, mandate_id, kpj, bank_code, period, attempt, file_sequence,
                   account_no, account_name, amount, jkk, jkm, jht, tariff_id, base)
            SELECT autodebet.instruction_reference(p, 1, d.mandate_id), d.mandate_id, d.kpj, b, p, 1, 1,
                   d.account_no, d.account_name, d.amount, d.jkk, d.jkm, d.jht, d.tariff_id, d.base
              FROM unnest(ARRAY['111', '114']) b, unnest(ARRAY['2026-11', '2026-12']) p,
                   LATERAL autodebet.first_attempt_due(b, p) d;
            """)
        // A deployment before 0008 had none of the views made since (0008 drops only its own).
        try db.connect().execute("DROP VIEW finance.period_collection, finance.status_changes")
        let before = try db.scalar("SELECT string_agg(reference || ':' || amount, ',' ORDER BY reference) FROM finance.collections")
        #expect(try db.count("SELECT count(*) FROM autodebet.debit_instruction") > 6)
        try FileManager.default.moveItem(atPath: later, toPath: home + "/sql/migrations/0008_partition_instructions.sql")
        try FileManager.default.moveItem(atPath: grants, toPath: home + "/sql/views/90_runtime_role.sql")
        let upgrade = try cli.run(["migrate"], extraEnvironment: ["AUTODEBET_HOME": home])
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        #expect(upgrade.stdout.contains("applied 0008_partition_instructions"))
        #expect(try db.scalar("SELECT string_agg(reference || ':' || amount, ',' ORDER BY reference) FROM finance.collections") == before)
        #expect(try db.scalar("SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'autodebet.debit_instruction'::regclass")
                == "debit_instruction_2026_11,debit_instruction_2026_12")
        #expect(try db.scalar("SELECT has_table_privilege('finance_reader', 'finance.collections', 'SELECT')::text") == "true")
    }
}
