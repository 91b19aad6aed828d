import Testing

@testable import PostgresClient
import TestSupport

@Suite struct TransactionTests {
    private func connectionWithTable() throws -> PostgresConnection {
        let connection = try TestDatabase.connect()
        try connection.execute("create temp table entries (id int primary key)")
        return connection
    }

    private func ids(_ connection: PostgresConnection) throws -> [Int] {
        try connection.query("select id from entries order by id").map { try $0.int("id") }
    }

    @Test func commitsOnSuccess() throws {
        let connection = try connectionWithTable()
        let value = try connection.transaction {
            try connection.execute("insert into entries values (1), (2)")
            return 42
        }
        #expect(value == 42)
        #expect(try ids(connection) == [1, 2])
    }

    @Test func rollsBackAndRethrowsWhenBodyThrows() throws {
        let connection = try connectionWithTable()
        #expect(throws: Marker(id: 7)) {
            try connection.transaction {
                try connection.execute("insert into entries values (1)")
                throw Marker(id: 7)
            }
        }
        #expect(try ids(connection) == [])
    }

    @Test func connectionIsUsableAfterAFailedStatementInATransaction() throws {
        let connection = try connectionWithTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction {
                try connection.execute("insert into entries values (1)")
                try connection.execute("insert into entries values (1)")  // duplicate key
            }
        }
        #expect(error.sqlState == "23505")
        try connection.execute("insert into entries values (3)")  // would fail with 25P02 without the ROLLBACK
        #expect(try ids(connection) == [3])
    }

    @Test func commitOfAFailedTransactionThrows() throws {
        let connection = try connectionWithTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction {
                try connection.execute("insert into entries values (1)")
                // The failure is swallowed, so COMMIT is sent to an aborted transaction.
                _ = try? connection.execute("insert into entries values (1)")
            }
        }
        #expect(error.sqlState == "25P02")
        #expect(try ids(connection) == [])
    }

    @Test func nestedTransactionIsRejected() throws {
        let connection = try connectionWithTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction {
                try connection.execute("insert into entries values (1)")
                try connection.transaction { try connection.execute("insert into entries values (2)") }
            }
        }
        #expect(error.kind == .protocol)
        #expect(try ids(connection) == [])
    }
}
