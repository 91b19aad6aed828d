import Foundation
import PostgresClient
import Testing
import TestSupport

/// Least privilege: a role that is not a superuser owns the schema and runs `migrate`;
/// a login that is a member of the runtime role autodebet_app, and nothing else, runs a
/// whole month with every everyday command; that login can neither change the schema nor
/// touch the audit trail, and cannot read what no command needs.
///
/// Roles belong to the whole cluster, which tests share: each test's owner and login are
/// named after its database, and dropped (with the database) when it ends.
@Suite("least privilege")
struct LeastPrivilegeTests {
    struct Roles {
        let db: TestDatabase
        let owner: String
        let app: String
        let out: String

        init() throws {
            db = try TestDatabase.make(migrated: false)
            owner = "owner_" + db.name
            app = "app_" + db.name
            out = try temporaryDirectory()
            let admin = try PostgresConnection(conninfo: "dbname=postgres")
            defer { admin.close() }
            try admin.execute("CREATE ROLE \(owner) LOGIN CREATEROLE; ALTER DATABASE \(db.name) OWNER TO \(owner)")
            let migrated = try run(["migrate"], as: owner)
            #expect(migrated.status == 0, "\(migrated.stderr)")
            try admin.execute("CREATE ROLE \(app) LOGIN IN ROLE autodebet_app")
        }

        func cleanUp() {
            try? FileManager.default.removeItem(atPath: out)
            guard let admin = try? PostgresConnection(conninfo: "dbname=postgres") else { return }
            defer { admin.close() }
            try? admin.execute("DROP DATABASE IF EXISTS \(db.name) WITH (FORCE)")
            try? admin.execute("DROP ROLE IF EXISTS \(app)")
            try? admin.execute("DROP ROLE IF EXISTS \(owner)")
        }

        @discardableResult
        func run(_ arguments: [String], as role: String, today: String = "2026-11-21") throws -> CLI.Result {
            try CLI(db).run(arguments, extraEnvironment: ["PGUSER": role, "AUTODEBET_TODAY": today])
        }

        /// Runs as the runtime login; nothing may be refused for want of a privilege.
        @discardableResult
        func app(_ arguments: [String], today: String = "2026-11-21", expect status: Int32 = 0,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> CLI.Result {
            let result = try run(arguments, as: app, today: today)
            #expect(result.status == status, "\(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains("permission denied") && !result.stderr.contains("42501"),
                    "\(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
            return result
        }

        func connect(as role: String) throws -> PostgresConnection {
            try PostgresConnection(conninfo: "dbname=\(db.name) user=\(role)")
        }
    }

    @Test("a member of autodebet_app runs the whole month: imports, generate, cancel, returns, retry, close, report, files, reverse, status, participant, run")
    func wholeMonth() throws {
        let r = try Roles()
        defer { r.cleanUp() }
        try r.app(["mandates", "import", fixture("golden/mandates.csv")])
        try r.app(["holidays", "import", fixture("holidays-2027-demo.csv")])
        // The first generate of a period makes its partition (through the owner's function).
        try r.app(["generate", "--period", "2026-12", "--out", r.out])
        try r.app(["files", "cancel", "AD_111_202612_A1_S0001.txt", "--reason", "bank rejected the header"])
        try r.app(["generate", "--period", "2026-12", "--out", r.out])
        let answers = [
            try Bank.answer(r.out + "/AD_114_202612_A1_S0001.txt", in: r.out, outcomes: ["10000000002": .insufficientFunds]),
            try Bank.answer(r.out + "/AD_111_202612_A1_S0002.txt", in: r.out),
        ]
        try r.app(["returns", "import"] + answers, today: "2026-12-08")
        try r.app(["generate", "--period", "2026-12", "--out", r.out], today: "2026-12-08")
        try r.app(["returns", "import", try Bank.answer(r.out + "/AD_114_202612_A2_S0001.txt", in: r.out)], today: "2026-12-10")
        try r.app(["close", "--period", "2026-12"], today: "2026-12-20")
        try r.app(["report", "--period", "2026-12"], today: "2026-12-20")
        try r.app(["files", "list", "--period", "2026-12"], today: "2026-12-20")
        let paid = try #require(try r.db.scalar(
            "SELECT reference FROM autodebet.debit_instruction WHERE status = 'paid' ORDER BY reference LIMIT 1"))
        try r.app(["instructions", "reverse", paid, "--reason", "complaint 4411"], today: "2026-12-21")
        try r.app(["close", "--period", "2026-12"], today: "2026-12-21")
        try r.app(["status"], today: "2026-12-21")
        try r.app(["participant", "10000000001"], today: "2026-12-21")
        for directory in ["inbox", "outbox", "archive"] {
            try FileManager.default.createDirectory(atPath: r.out + "/" + directory, withIntermediateDirectories: true)
        }
        try r.app(["run", "--inbox", r.out + "/inbox", "--outbox", r.out + "/outbox", "--archive", r.out + "/archive"],
                  today: "2026-12-22")
        // A new month's partition, made for the runtime login by the owner's function.
        try r.app(["generate", "--period", "2027-01", "--out", r.out], today: "2026-12-28")
        #expect(try r.db.scalar("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'debit_instruction_2027_01'") == r.owner)
        // Everything it did is in the audit trail, under its own name.
        #expect(try r.db.count("SELECT count(DISTINCT action) FROM autodebet.audit_event WHERE actor = $1", [r.app]) >= 8)
        #expect(try r.db.count("SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = 'autodebet_app')") == 0)

        // Archiving stays with the owner: the runtime login is refused, saying whom to ask.
        let refused = try r.run(["archive", "--period", "2026-12", "--reason", "retention"], as: r.app, today: "2026-12-28")
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("only its owner may do: run it as \(r.owner) (the role that runs autodebet migrate)"),
                "\(refused.stderr)")
        let archived = try r.run(["archive", "--period", "2026-12", "--reason", "retention"], as: r.owner, today: "2026-12-28")
        #expect(archived.status == 0, "\(archived.stderr)")
    }

    /// What the runtime login must not be able to do, each refused by the server for want
    /// of a privilege (SQLSTATE 42501).
    static let forbidden = [
        // The audit trail: its triggers can be neither disabled nor dropped, nor bypassed.
        "ALTER TABLE autodebet.audit_event DISABLE TRIGGER audit_event_append_only",
        "ALTER TABLE autodebet.audit_event DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_event_append_only ON autodebet.audit_event",
        "DROP TRIGGER audit_event_no_truncate ON autodebet.audit_event",
        "CREATE OR REPLACE FUNCTION autodebet.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$",
        "SET session_replication_role = replica",
        // … nor its rows changed, removed or read.
        "DELETE FROM autodebet.audit_event",
        "UPDATE autodebet.audit_event SET action = 'nothing'",
        "TRUNCATE autodebet.audit_event",
        "SELECT count(*) FROM autodebet.audit_event",
        // The schema's history: read, never written.
        "INSERT INTO autodebet.schema_migration (version, name, sha256) VALUES (99, '0099_x', 'x')",
        "UPDATE autodebet.schema_migration SET sha256 = 'x'",
        "DELETE FROM autodebet.schema_migration",
        "SELECT count(*) FROM autodebet.schema_definition",
        // The schema itself, the rules of money and the banks.
        "CREATE TABLE autodebet.scratch (i int)",
        "ALTER TABLE autodebet.debit_instruction DETACH PARTITION autodebet.debit_instruction_2026_12",
        "DROP TABLE autodebet.period_result",
        "DELETE FROM autodebet.debit_instruction",
        "DELETE FROM autodebet.tariff",
        "UPDATE autodebet.bank SET layout = 'bpd-b'",
        "SELECT autodebet.refresh_statistics('pg_catalog.pg_class')",
        // Archived months, and the cluster's secrets.
        "SELECT count(*) FROM archive.debit_instruction_2026_11",
        "SELECT rolname, rolpassword FROM pg_authid",
    ]

    @Test("the runtime login can neither alter nor disable the audit triggers, nor change or read audit rows, nor touch the schema, nor read the archive")
    func forbiddenToTheRuntimeRole() throws {
        let r = try Roles()
        defer { r.cleanUp() }
        try r.app(["mandates", "import", fixture("golden/mandates.csv")])
        try r.app(["generate", "--period", "2026-12", "--out", r.out])
        // An archived month to try to read: the owner made one earlier.
        let owner = try r.connect(as: r.owner)
        try owner.execute("""
            SELECT autodebet.ensure_instruction_partition('2026-11');
            ALTER TABLE autodebet.debit_instruction DETACH PARTITION autodebet.debit_instruction_2026_11;
            ALTER TABLE autodebet.debit_instruction_2026_11 SET SCHEMA archive
            """)
        owner.close()
        let auditRows = try r.db.count("SELECT count(*) FROM autodebet.audit_event")
        let app = try r.connect(as: r.app)
        defer { app.close() }
        for statement in Self.forbidden {
            let error = #expect(throws: PostgresError.self, "\(statement)") { try app.execute(statement) }
            #expect(error?.sqlState == "42501", "\(statement): \(String(describing: error))")
        }
        #expect(try r.db.count("SELECT count(*) FROM autodebet.audit_event") == auditRows)
        #expect(try r.db.count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'autodebet.audit_event'::regclass AND tgenabled = 'O'") == 2)
        // What it may do with the audit trail: append.
        try app.execute("INSERT INTO autodebet.audit_event (action, subject) VALUES ('test', 'least privilege')")
        #expect(try r.db.scalar("SELECT actor FROM autodebet.audit_event WHERE action = 'test'") == r.app)
    }
}
