import Foundation
import Testing
@testable import FixedWidth

@Suite struct LineReaderTests {
    func lines(_ text: String, maximumLength: Int = 100, chunk: Int? = nil) throws -> [String] {
        var reader = LineReader(source: ByteArraySource(Array(text.utf8)), maximumLength: maximumLength)
        var result: [String] = []
        try reader.forEachLine { line in
            result.append("\(line.number):\(String(decoding: line.bytes, as: UTF8.self))/\(line.length)")
            return true
        }
        return result
    }

    @Test func terminators() throws {
        #expect(try lines("ab\ncd\n") == ["1:ab/2", "2:cd/2"])
        #expect(try lines("ab\r\ncd\r\n") == ["1:ab/2", "2:cd/2"])
        #expect(try lines("ab\ncd") == ["1:ab/2", "2:cd/2"])
        #expect(try lines("ab\r\ncd\r") == ["1:ab/2", "2:cd/2"])
        #expect(try lines("") == [])
    }

    @Test func emptyLines() throws {
        #expect(try lines("ab\n\n") == ["1:ab/2"])
        #expect(try lines("ab\n\n\n") == ["1:ab/2", "2:/0"])
        #expect(try lines("\nab\n") == ["1:/0", "2:ab/2"])
        #expect(try lines("ab\n\ncd\n") == ["1:ab/2", "2:/0", "3:cd/2"])
        #expect(try lines("\n") == [])
    }

    @Test func overlongLinesAreMeasuredNotKept() throws {
        #expect(try lines("abcdefgh\nxy\n", maximumLength: 3) == ["1:abc/8", "2:xy/2"])
    }

    /// Lines that straddle the 64 KiB read chunks are assembled correctly.
    @Test func linesAcrossChunks() throws {
        let record = String(repeating: "x", count: 119)
        let text = (0..<2_000).map { "\($0 % 10)" + record }.joined(separator: "\r\n")
        var reader = LineReader(source: ByteArraySource(Array(text.utf8)), maximumLength: 122)
        var count = 0
        try reader.forEachLine { line in
            #expect(line.length == 120 && line.bytes.count == 120)
            #expect(line.bytes[0] == UInt8(ascii: "0") + UInt8(count % 10))
            count += 1
            return true
        }
        #expect(count == 2_000)
    }

    /// A failed read ends the reading with its error; the lines before it were delivered,
    /// the unfinished one is not.
    @Test func readErrorsAreThrownNotTakenForTheEnd() throws {
        var reader = LineReader(source: FailingSource(prefix: Array("ab\ncd".utf8)), maximumLength: 100)
        var seen: [String] = []
        let error = #expect(throws: FileReadError.self) {
            try reader.forEachLine { line in
                seen.append(String(decoding: line.bytes, as: UTF8.self))
                return true
            }
        }
        #expect(error?.message == "Input/output error")
        #expect(seen == ["ab"])
    }
}
