import FixedWidth
import Foundation
import Testing
import TestSupport
@testable import FixedWidth

/// Return files are untrusted: garbage of any kind gives errors, never a crash, a hang or
/// unbounded memory.
@Suite struct UntrustedInputTests {
    static func randomBytes(_ count: Int, seed: UInt64, allowNewlines: Bool) -> [UInt8] {
        var random = SplitMix64(state: seed)
        var bytes = [UInt8](repeating: 0, count: count)
        for index in 0..<count {
            var byte = UInt8(truncatingIfNeeded: random.next())
            if !allowNewlines && (byte == ASCII.lineFeed || byte == ASCII.carriageReturn) { byte = 0 }
            bytes[index] = byte
        }
        bytes[0] = 0   // a NUL for certain
        return bytes
    }

    @Test(arguments: ["bpd-a", "bpd-b"])
    func oneMebibyteWithoutNewlines(_ name: String) throws {
        let layout = try Fixtures.layout(name)
        let garbage = Self.randomBytes(1 << 20, seed: 7, allowNewlines: false)
        let read = try ReturnRead(garbage, layout)
        #expect(read.errors.first == InputProblem(line: 1, field: nil, message: "wrong record length 1048576, expected \(layout.recordLength)"))
        #expect(read.details.isEmpty)
        #expect(read.summary.lineCount == 1)
        let debit = try DebitRead(garbage, layout)
        #expect(debit.errors.first?.line == 1)
    }

    @Test(arguments: ["bpd-a", "bpd-b"])
    func randomBytesWithNewlines(_ name: String) throws {
        let layout = try Fixtures.layout(name)
        let garbage = Self.randomBytes(1 << 20, seed: 11, allowNewlines: true)
        let read = try ReturnRead(garbage, layout)
        #expect(read.summary.errorCount == read.errors.count)
        #expect(read.summary.errorCount > 1000)
        #expect(read.details.isEmpty)
    }

    /// Records of the right length and type but random content: every field check runs
    /// on junk.
    @Test(arguments: ["bpd-a", "bpd-b"])
    func rightShapeRandomContent(_ name: String) throws {
        let layout = try Fixtures.layout(name)
        var random = SplitMix64(state: 3)
        var file: [UInt8] = []
        for role in [RecordRole.header, .detail, .detail, .trailer] {
            var record = Self.randomBytes(layout.recordLength, seed: random.next(), allowNewlines: false)
            let type = Array(layout.returns.record(role).recordType.utf8)
            record.replaceSubrange(0..<type.count, with: type)
            file += record + [ASCII.lineFeed]
        }
        let read = try ReturnRead(file, layout)
        #expect(read.errors.count > 4)
        #expect(read.errors.allSatisfy { $0.line != nil })
        let debit = try DebitRead(file, layout)
        #expect(debit.errors.count > 0)
    }

    /// Huge numbers everywhere cannot overflow the sums into a crash.
    @Test func hugeAmountsDoNotOverflow() throws {
        let layout = try Fixtures.layout("bpd-a")
        var records = Records(try Fixtures.returnFile(layout))
        let paid = records[2]
        records.lines.insert(contentsOf: Array(repeating: paid, count: 20), at: 1)
        for line in 2...21 {
            records.replace(line, at: 38, with: "999999999999999999999999999999")
        }
        let read = try ReturnRead(records.bytes(), layout)
        #expect(read.summary.errorCount > 0)
    }

    /// A 1 GiB line never held in memory: only `recordLength + 2` bytes are kept.
    @Test func gibibyteLineInBoundedMemory() throws {
        struct Endless: ByteSource {
            var remaining = 1 << 30
            mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                let count = min(buffer.count, remaining)
                if count > 0 { buffer.baseAddress!.initializeMemory(as: UInt8.self, repeating: 0x41, count: count) }
                remaining -= count
                return count
            }
        }
        var reader = LineReader(source: Endless(), maximumLength: 122)
        var lengths: [Int] = []
        var kept: [Int] = []
        try reader.forEachLine { line in
            lengths.append(line.length)
            kept.append(line.bytes.count)
            return true
        }
        #expect(lengths == [1 << 30])
        #expect(kept == [122])
        #expect(reader.peakCarriedBytes <= 122)
    }

    @Test func garbageFileOnDiskThroughEveryEntryPoint() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("junk.bin", Self.randomBytes(1 << 20, seed: 5, allowNewlines: false))
        let layout = try Fixtures.layout("bpd-b")
        var count = 0
        let summary = try FixedWidthFileReader<ReturnFile>.read(path: path, layout: layout, onDetail: { _ in }, onError: { _ in count += 1 })
        #expect(summary.errorCount == count && count >= 1)
        let catalog = try LayoutCatalog(directories: [Fixtures.layoutsDirectory])
        #expect(try catalog.recognize(path: path).recognized() == nil)
    }
}
