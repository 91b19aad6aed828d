import Testing

@testable import PostgresClient
import TestSupport

@Suite struct ConnectionTests {
    @Test func queryBindsParametersWithoutStringBuilding() throws {
        let connection = try TestDatabase.connect()
        #expect(try connection.query("select $1::int + $2::int", [2, 3]).first?[0] == "5")

        let null = try connection.query("select $1::text is null as is_null, $1::text as value", [nil])
        #expect(null.columns == ["is_null", "value"])
        #expect(try null[0].bool("is_null"))
        #expect(null[0]["value"] == nil)

        // Quotes, backslashes, a statement terminator and unicode: only a bound parameter survives this.
        let tricky = "O'Reilly \"quoted\" \\back\\slash '); drop table x; -- ünïcødé 🎉 $1 \t\n"
        let echoed = try connection.query(
            "select $1::text as value, $2::bigint as big, $3::bool as flag, $4::text as sub",
            [tricky, Int64.min, false, tricky.dropFirst(2)]
        )
        #expect(try echoed[0].string("value") == tricky)
        #expect(try echoed[0].int64("big") == Int64.min)
        #expect(try echoed[0].bool("flag") == false)
        #expect(try echoed[0].string("sub") == String(tricky.dropFirst(2)))
    }

    @Test func applicationNameIsSet() throws {
        let connection = try TestDatabase.connect(applicationName: "autodebet-test-app")
        #expect(try connection.query("show application_name").first?[0] == "autodebet-test-app")
    }

    @Test func failedConnectThrowsAndFinishesTheHandleOnce() throws {
        try TestDatabase.requireServer()
        for conninfo in ["host=127.0.0.1 port=1", "dbname=no_such_database_for_autodebet"] {
            let counts = try TestDatabase.observing { observer in
                let error = try #require(throws: PostgresError.self) { try PostgresConnection(conninfo: conninfo) }
                #expect(error.kind == .connection)
                #expect(!error.message.isEmpty && error.message == error.message.trimmed)
                return observer.counts
            }
            #expect(counts.connectionsOpened == 1 && counts.connectionsFinished == 1, "\(conninfo): \(counts)")
        }
    }

    @Test func passwordNeverAppearsInConnectionErrors() throws {
        try TestDatabase.requireServer()
        let password = "S3cretPassw0rd"
        let conninfos = [
            "postgresql://user:\(password)@127.0.0.1:1/db",
            // Malformed URIs: libpq echoes the whole URI, password included, in its message.
            "postgresql://user:\(password)@[::1/db",
            "postgresql://user:S3cret%zzPassw0rd@127.0.0.1:1/db",
            "host=127.0.0.1 port=1 user=u password='\(password) x'",
            "host=127.0.0.1 port=1 user=u password=\(password) bogus",
        ]
        for conninfo in conninfos {
            let error = try #require(throws: PostgresError.self) { try PostgresConnection(conninfo: conninfo) }
            #expect(error.kind == .connection)
            for text in [error.description, error.message, error.detail ?? "", error.hint ?? ""] {
                #expect(!text.contains(password) && !text.contains("S3cret%zzPassw0rd"), "leaked: \(text)")
                #expect(!text.contains(conninfo), "conninfo in error: \(text)")
            }
        }
    }

    /// PGPASSWORD is scrubbed too. Checked on the scrubber: setenv while parallel tests' libpq calls
    /// getenv is a data race, so the environment is not modified here.
    @Test func environmentPasswordIsScrubbed() throws {
        try TestDatabase.requireServer()
        let scrubber = SecretScrubber(conninfo: "", environmentPassword: "EnvS3cret")
        #expect(scrubber.scrub("auth failed for EnvS3cret!") == "auth failed for ***!")
    }

    @Test func noticesAreCapturedNotPrinted() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("do $$ begin raise notice 'hello from plpgsql'; end $$")
        #expect(connection.notices.last == "NOTICE: hello from plpgsql")
    }

    @Test func nulBytesAreRejectedNotTruncated() throws {
        let connection = try TestDatabase.connect()
        let error = try #require(throws: PostgresError.self) { try connection.query("select $1::text", ["abc\0def"]) }
        #expect(error.kind == .protocol)
        #expect(try connection.query("select 1").count == 1)
    }

    @Test func closedConnectionThrows() throws {
        let connection = try TestDatabase.connect()
        connection.close()
        #expect(connection.isClosed)
        let error = try #require(throws: PostgresError.self) { try connection.execute("select 1") }
        #expect(error.kind == .connection)
    }
}
