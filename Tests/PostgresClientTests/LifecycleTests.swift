import Testing

@testable import PostgresClient
import TestSupport

@Suite struct LifecycleTests {
    @Test func everyResultIsClearedOnEveryPath() throws {
        try TestDatabase.requireServer()
        let counts = try TestDatabase.observing { observer in
            let connection = try TestDatabase.connect()
            try connection.execute("create temp table t (id int primary key); insert into t values (1)")
            try connection.query("select * from t where id = $1", [1])
            _ = try? connection.query("insert into t values (1)")
            _ = try? connection.execute("selec")
            _ = try? connection.execute("copy t from stdin")
            try connection.copyIn("copy t from stdin") { writer in
                writer.append(2)
                writer.endRow()
            }
            _ = try? connection.copyIn("copy t from stdin") { _ in throw Marker() }
            _ = try? connection.copyIn("copy t from stdin") { writer in
                writer.append(1)  // duplicate key
                writer.endRow()
            }
            try connection.copyOut("copy t to stdout") { _ in }
            _ = try? connection.copyOut("copy (select generate_series(1, 100000)) to stdout") { _ in throw Marker() }
            _ = try? connection.copyOut("copy (select 1/(g-10) from generate_series(1,20) g) to stdout") { _ in }
            _ = try? connection.transaction { try connection.execute("insert into t values (1)") }
            let key = AdvisoryLockKey(classID: 7_002, objectID: Int32.random(in: 1...Int32.max))
            _ = try connection.tryAdvisoryLock(key)
            try connection.advisoryUnlock(key)

            let beforeClose = observer.counts
            #expect(beforeClose.resultsCreated > 20)
            #expect(beforeClose.resultsCreated == beforeClose.resultsCleared, "\(beforeClose)")
            connection.close()
            connection.close()
            return observer.counts
        }
        #expect(counts.connectionsOpened == 1 && counts.connectionsFinished == 1, "\(counts)")
        #expect(counts.resultsCreated == counts.resultsCleared, "\(counts)")
    }

    @Test func deinitFinishesTheConnection() throws {
        try TestDatabase.requireServer()
        let counts = try TestDatabase.observing { observer in
            do {
                let connection = try TestDatabase.connect()
                try connection.execute("select 1")
            }
            return observer.counts
        }
        #expect(counts.connectionsOpened == 1 && counts.connectionsFinished == 1, "\(counts)")
    }
}

@Suite struct CloseDuringCopyTests {
    /// close() from inside a COPY body must not free the handle under the COPY, nor commit a COPY FROM.
    @Test func closeInsideCopyBodyIsDeferredAndDoesNotCommit() throws {
        try TestDatabase.requireServer()
        let table = "close_during_copy_\(UInt32.random(in: 0...UInt32.max))"
        let admin = try TestDatabase.connect()
        try admin.execute("create table \(table) (id int)")
        defer { try? admin.execute("drop table \(table)") }

        let counts = try TestDatabase.observing { observer in
            let connection = try TestDatabase.connect()
            let inError = try #require(throws: PostgresError.self) {
                try connection.copyIn("copy \(table) from stdin") { writer in
                    writer.append(1)
                    writer.endRow()
                    connection.close()
                    #expect(connection.isClosed)
                }
            }
            #expect(inError.kind == .connection)

            let other = try TestDatabase.connect()
            var rows = 0
            let outError = try #require(throws: PostgresError.self) {
                try other.copyOut("copy (select generate_series(1, 100000)) to stdout") { _ in
                    rows += 1
                    if rows == 10 { other.close() }
                }
            }
            #expect(outError.kind == .connection)
            #expect(rows == 10)
            return observer.counts
        }
        #expect(counts.connectionsOpened == 2 && counts.connectionsFinished == 2, "\(counts)")
        #expect(counts.resultsCreated == counts.resultsCleared, "\(counts)")
        #expect(try admin.query("select count(*) from \(table)")[0][0] == "0")
    }
}
