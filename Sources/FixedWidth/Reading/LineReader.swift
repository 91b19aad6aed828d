#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream into lines, in bounded memory, as tolerantly as layouts.md asks:
///
/// - a line ends with LF or CRLF, whatever the layout writes;
/// - the last line may lack a terminator;
/// - a final empty line is ignored (any other empty line is delivered, to be reported);
/// - a line longer than `maximumLength` is measured but only its first `maximumLength`
///   bytes are kept, so a 1 GiB file without a newline costs no more memory than a
///   well-formed one.
///
/// Lines that fit in the read chunk are handed over in place, without copying.
struct LineReader<Source: ByteSource> {
    static var chunkSize: Int { 64 * 1024 }

    private var source: Source
    private let maximumLength: Int

    private var lineNumber = 0
    /// An empty line not yet delivered: it is ignored if nothing follows it.
    private var pendingEmptyLine: Int?
    /// The most bytes held for one line; for tests of the memory bound.
    private(set) var peakCarriedBytes = 0

    init(source: Source, maximumLength: Int) {
        self.source = source
        self.maximumLength = maximumLength
    }

    /// Calls `body` with each line, in order, until the end or until `body` returns false.
    mutating func forEachLine(_ body: (Line) throws -> Bool) throws {
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        // A line split across chunks is assembled here, up to `maximumLength` bytes.
        var carry: [UInt8] = []
        carry.reserveCapacity(maximumLength)
        var carryLength = 0
        var carryLastByte: UInt8 = 0

        while true {
            let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            let goOn = try chunk.withUnsafeBufferPointer { whole -> Bool in
                let data = UnsafeBufferPointer(rebasing: whole[0..<count])
                var start = 0
                while start < count {
                    guard let end = Self.findLineFeed(in: data, from: start) else {
                        let rest = UnsafeBufferPointer(rebasing: data[start..<count])
                        append(rest, to: &carry)
                        carryLength += rest.count
                        carryLastByte = rest[rest.count - 1]
                        break
                    }
                    let segment = UnsafeBufferPointer(rebasing: data[start..<end])
                    start = end + 1
                    if carryLength == 0 {
                        let last = segment.isEmpty ? 0 : segment[segment.count - 1]
                        if try !deliver(segment, length: segment.count, lastByte: last, body) { return false }
                    } else {
                        append(segment, to: &carry)
                        carryLength += segment.count
                        if !segment.isEmpty { carryLastByte = segment[segment.count - 1] }
                        let goOn = try carry.withUnsafeBufferPointer { assembled in
                            try deliver(assembled, length: carryLength, lastByte: carryLastByte, body)
                        }
                        carry.removeAll(keepingCapacity: true)
                        carryLength = 0
                        if !goOn { return false }
                    }
                }
                return true
            }
            if !goOn { return }
        }
        // The last line, without a terminator.
        if carryLength > 0 {
            _ = try carry.withUnsafeBufferPointer { assembled in
                try deliver(assembled, length: carryLength, lastByte: carryLastByte, body)
            }
        }
        // A pending empty line here is the final one: ignored.
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, to carry: inout [UInt8]) {
        let room = maximumLength - carry.count
        if room > 0 {
            carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<min(room, bytes.count)]))
            peakCarriedBytes = max(peakCarriedBytes, carry.count)
        }
    }

    private mutating func deliver(
        _ bytes: UnsafeBufferPointer<UInt8>, length: Int, lastByte: UInt8, _ body: (Line) throws -> Bool
    ) throws -> Bool {
        lineNumber += 1
        var bytes = bytes
        var length = length
        let crlf = length > 0 && lastByte == ASCII.carriageReturn
        if crlf {
            length -= 1
        }
        // Lines found whole in a chunk are as long as they are; keep the promise of at
        // most `maximumLength` bytes for them too.
        let kept = min(length, maximumLength, bytes.count)
        if bytes.count > kept { bytes = UnsafeBufferPointer(rebasing: bytes[0..<kept]) }
        if length == 0 {
            // Hold it back: delivered only if another line follows.
            if let pending = pendingEmptyLine, try !body(Line(number: pending, bytes: bytes, length: 0, endsWithCRLF: crlf)) { return false }
            pendingEmptyLine = lineNumber
            return true
        }
        if let pending = pendingEmptyLine {
            pendingEmptyLine = nil
            if try !body(Line(number: pending, bytes: UnsafeBufferPointer(start: nil, count: 0), length: 0, endsWithCRLF: false)) { return false }
        }
        return try body(Line(number: lineNumber, bytes: bytes, length: length, endsWithCRLF: crlf))
    }

    private static func findLineFeed(in data: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = data.baseAddress,
              let found = memchr(base + start, Int32(ASCII.lineFeed), data.count - start)
        else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }
}
