import Testing

@testable import PostgresClient
import TestSupport

@Suite struct CopyInTests {
    static let rowCount = 200_000

    /// Text with every character COPY text format must escape, plus unicode.
    static func name(_ id: Int) -> String? {
        id % 5 == 0 ? nil : "row \(id)\ttab\nnewline\\backslash\rCR \\N ünï 🎉"
    }

    private func connectionWithTable() throws -> PostgresConnection {
        let connection = try TestDatabase.connect()
        try connection.execute("create temp table items (id bigint, name text, amount bigint, flag bool, note text)")
        return connection
    }

    @Test func streamsRowsWithEscapesAndNulls() throws {
        let connection = try connectionWithTable()
        let copied = try connection.copyIn("copy items (id, name, amount, flag, note) from stdin") { writer in
            for id in 1...Self.rowCount {
                writer.append(id)
                writer.append(Self.name(id))
                writer.append(Int64(id) * -1_000_000_007)
                writer.append(id % 2 == 0)
                if id % 3 == 0 { writer.appendNull() } else { writer.append("") }
                writer.endRow()
            }
            #expect(writer.rowCount == Self.rowCount)
        }
        #expect(copied == Self.rowCount)

        let summary = try connection.query(
            "select count(*) as total, count(*) filter (where name is null) as null_names, "
                + "count(*) filter (where note is null) as null_notes, count(*) filter (where flag) as flagged from items")[0]
        #expect(try summary.int("total") == Self.rowCount)
        #expect(try summary.int("null_names") == Self.rowCount / 5)
        #expect(try summary.int("null_notes") == Self.rowCount / 3)
        #expect(try summary.int("flagged") == Self.rowCount / 2)

        for id in [1, 5, 7, 123_456, Self.rowCount] {
            let row = try connection.query("select * from items where id = $1", [id])[0]
            #expect(try row.optionalString("name") == Self.name(id))
            #expect(try row.int64("amount") == Int64(id) * -1_000_000_007)
            #expect(try row.bool("flag") == (id % 2 == 0))
            #expect(try row.optionalString("note") == (id % 3 == 0 ? nil : ""))
        }
    }

    @Test func throwingBodyAbortsTheCopyAndLeavesConnectionUsable() throws {
        let connection = try connectionWithTable()
        #expect(throws: Marker(id: 1)) {
            try connection.copyIn("copy items (id) from stdin") { writer in
                for id in 1...100_000 {  // more than one 64 KiB buffer has been sent
                    writer.append(id)
                    writer.endRow()
                }
                throw Marker(id: 1)
            }
        }
        #expect(try connection.query("select count(*) from items")[0][0] == "0")
    }

    @Test func rejectedDataThrowsTheServerError() throws {
        let connection = try connectionWithTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.copyIn("copy items (id) from stdin") { writer in
                for id in 1...50_000 {
                    if id == 10 { writer.append("not a number") } else { writer.append(id) }
                    writer.endRow()
                }
            }
        }
        #expect(error.sqlState == "22P02")
        #expect(try connection.query("select count(*) from items")[0][0] == "0")
    }

    @Test func unfinishedRowIsAnError() throws {
        let connection = try connectionWithTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.copyIn("copy items (id) from stdin") { writer in writer.append(1) }
        }
        #expect(error.kind == .copy)
        #expect(try connection.query("select count(*) from items")[0][0] == "0")
    }
}
