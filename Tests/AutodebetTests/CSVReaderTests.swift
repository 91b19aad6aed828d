@testable import Autodebet
import FixedWidth
import Foundation
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
    func records(_ text: String) throws -> [CSVRecord] {
        try records(Data(text.utf8))
    }

    func records(_ data: Data) throws -> [CSVRecord] {
        let path = NSTemporaryDirectory() + "csv-" + UUID().uuidString
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try CSVReader(path: path)
        var all: [CSVRecord] = []
        while let record = try reader.next() { all.append(record) }
        return all
    }

    func error(_ text: String) -> CSVError? {
        do { _ = try records(text); return nil } catch let error as CSVError { return error } catch { return nil }
    }

    @Test("quoted fields with commas, doubled quotes and line breaks; lines counted physically")
    func quoting() throws {
        let all = try records("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,row")
        #expect(all.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", "z"], ["last", "row"]])
        #expect(all.map(\.line) == [1, 2, 3, 5])
    }

    @Test("CRLF endings, a byte order mark, empty fields and blank lines")
    func crlfAndBOM() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data("h1,h2\r\n,\r\n\r\nx,\r\n".utf8))
        let all = try records(data)
        #expect(all.map(\.fields) == [["h1", "h2"], ["", ""], ["x", ""]])
        #expect(all.map(\.line) == [1, 2, 4])
    }

    @Test("UTF-8 names survive; invalid UTF-8 is an error on its line")
    func utf8() throws {
        #expect(try records("Néné Ñoman,Çakra\n").first?.fields == ["Néné Ñoman", "Çakra"])
        var bad = Data("ok\n".utf8)
        bad.append(contentsOf: [0x41, 0xFF, 0x0A])
        #expect(throws: CSVError.self) { try records(bad) }
    }

    @Test("structural errors name their line", arguments: [
        ("a\n\"open,b\nc\n", 2, "quoted field never closed"),
        ("a\nab\"c\n", 2, "quote inside an unquoted field"),
        ("a\n\"q\"x,b\n", 2, "text after a closing quote"),
        ("a\nb\rc\n", 2, "carriage return without line feed"),
    ])
    func structural(_ text: String, _ line: Int, _ message: String) {
        let error = error(text)
        #expect(error?.line == line)
        #expect(error?.message.contains(message) == true)
    }

    @Test("a field longer than the limit stops the reader instead of growing without bound")
    func boundedField() {
        let text = "a\n\"" + String(repeating: "x", count: CSVReader.maxFieldBytes + 10) + "\n"
        #expect(error(text)?.message.contains("field longer than") == true)
    }

    /// Serves its bytes, then fails as a failing disk would.
    struct FailingSource: ByteSource {
        var bytes: [UInt8]
        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            guard !bytes.isEmpty else { throw FileReadError(path: "mandates.csv", message: "Input/output error") }
            let count = min(buffer.count, bytes.count)
            buffer.copyBytes(from: bytes[0..<count])
            bytes.removeFirst(count)
            return count
        }
    }

    @Test("a read that fails mid-file is an error naming the line, never the end of the file")
    func readErrorMidFile() throws {
        var reader = CSVReader(source: FailingSource(bytes: Array("a,b\n1,2\n3,4\n".utf8)))
        #expect(try reader.next()?.fields == ["a", "b"])
        #expect(try reader.next()?.fields == ["1", "2"])
        #expect(try reader.next()?.fields == ["3", "4"])
        let error = #expect(throws: CSVError.self) { try reader.next() }
        #expect(error?.message == "the file could not be read to its end (Input/output error); it is incomplete")
    }
}
