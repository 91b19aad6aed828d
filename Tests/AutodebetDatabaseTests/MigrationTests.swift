import Autodebet
import Foundation
import PostgresClient
import Testing

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
