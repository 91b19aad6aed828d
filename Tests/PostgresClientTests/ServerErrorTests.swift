import Testing

@testable import PostgresClient
import TestSupport

@Suite struct ServerErrorTests {
    @Test func uniqueViolationCarriesSQLStateAndConstraintButNoDataInDescription() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("create temp table accounts (id int primary key, email text constraint accounts_email_key unique)")
        let email = "distinctive.person.4711@example.com"
        try connection.query("insert into accounts values (1, $1)", [email])
        let error = try #require(throws: PostgresError.self) {
            try connection.query("insert into accounts values (2, $1)", [email])
        }
        #expect(error.kind == .server)
        #expect(error.sqlState == "23505")
        #expect(error.constraint == "accounts_email_key")
        #expect(error.detail?.contains(email) == true)
        #expect(!error.description.contains(email))
        #expect(error.description.hasSuffix("(SQLSTATE 23505)"))
    }

    @Test func syntaxErrorCarriesSQLState() throws {
        let connection = try TestDatabase.connect()
        let error = try #require(throws: PostgresError.self) { try connection.execute("selec 1") }
        #expect(error.sqlState == "42601")
        #expect(try connection.query("select 1").count == 1)
    }

    @Test func copyStatementThroughExecuteIsRejectedAndLeavesConnectionUsable() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("create temp table t (x int)")
        for sql in ["copy t from stdin", "copy (select generate_series(1, 100000)) to stdout"] {
            let error = try #require(throws: PostgresError.self) { try connection.execute(sql) }
            #expect(error.kind == .protocol)
            #expect(try connection.query("select 1 as one").first?[0] == "1")
        }
    }
}
