import Testing

@testable import PostgresClient
import TestSupport

@Suite struct CopyOutTests {
    static let rowCount = 200_000

    static func text(_ g: Int) -> String? {
        g % 10 == 0 ? nil : g % 10 == 1 ? "" : "v\(g)\t\n\\\r\u{8}\u{C}\u{B}ü\\N"
    }

    @Test func streamsRowsDecodingEscapesAndNulls() throws {
        let connection = try TestDatabase.connect()
        var expected = 1
        var mismatches = 0
        // E'' strings have no \v escape, hence chr(11); the server's COPY output escapes it as \v.
        let count = try connection.copyOut(
            """
            copy (select g, case when g % 10 = 0 then null when g % 10 = 1 then '' \
            else 'v' || g || E'\\t\\n\\\\\\r\\b\\f' || chr(11) || 'ü\\N' end, g::bigint * -1000000000000 \
            from generate_series(1, \(Self.rowCount)) g) to stdout
            """
        ) { row in
            let g = expected
            expected += 1
            let text = Self.text(g)
            let bytes = row.withBytes(1) { Array($0) }
            let matches =
                row.count == 3 && row.int64(0) == Int64(g) && row.int64(2) == Int64(g) * -1_000_000_000_000
                && row.string(1) == text && row.isNull(1) == (text == nil) && bytes == text.map { Array($0.utf8) }
            if !matches { mismatches += 1 }
        }
        #expect(count == Self.rowCount)
        #expect(expected == Self.rowCount + 1)
        #expect(mismatches == 0)
    }

    @Test func throwingBodyCancelsAndLeavesConnectionUsable() throws {
        let connection = try TestDatabase.connect()
        var seen = 0
        #expect(throws: Marker(id: 2)) {
            try connection.copyOut("copy (select g from generate_series(1, 10000000) g) to stdout") { _ in
                seen += 1
                if seen == 1000 { throw Marker(id: 2) }
            }
        }
        #expect(seen == 1000)
        #expect(try connection.query("select 1 as one").first?[0] == "1")
    }

    @Test func errorMidStreamThrowsItsSQLState() throws {
        let connection = try TestDatabase.connect()
        var seen = 0
        let error = try #require(throws: PostgresError.self) {
            try connection.copyOut("copy (select 1/(g-1000) from generate_series(1,2000) g) to stdout") { _ in seen += 1 }
        }
        #expect(error.sqlState == "22012")
        #expect(seen < 1000)
        #expect(try connection.query("select 1 as one").first?[0] == "1")
    }

    @Test func int64IsNilForMalformedValues() throws {
        let connection = try TestDatabase.connect()
        try connection.copyOut(
            "copy (select '12x', '', '9223372036854775808', '-9223372036854775808', null, '+7') to stdout"
        ) { row in
            #expect(row.int64(0) == nil)
            #expect(row.int64(1) == nil)
            #expect(row.int64(2) == nil)
            #expect(row.int64(3) == Int64.min)
            #expect(row.int64(4) == nil && row.isNull(4))
            #expect(row.int64(5) == 7)
        }
    }
}
