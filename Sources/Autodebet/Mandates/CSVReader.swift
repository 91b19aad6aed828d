import FixedWidth
#if canImport(Glibc)
import Glibc
#endif

/// One CSV record and the line it starts on (1-based; the header is line 1).
public struct CSVRecord: Sendable {
    public var line: Int
    public var fields: [String]
}

/// A structural error: the file cannot be read as CSV past this point.
public struct CSVError: Error, CustomStringConvertible, Sendable {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

/// Reads an RFC 4180 file one record at a time, in constant memory: comma-separated,
/// fields optionally in double quotes (with "" for a quote, and commas and line breaks
/// inside), records ending in LF or CRLF, the last one with or without. Fields must be
/// UTF-8. A UTF-8 byte order mark at the start is skipped; blank lines are skipped.
///
/// A struct with mutating methods, not a class: every byte goes through its state, and a
/// class's stored properties would be checked for exclusive access at run time on each
/// one (a third of an import's time when it was a class). Do not copy a reader.
public struct CSVReader {
    /// Longer fields mean the file is not what it claims (e.g. a quote never closed).
    public static let maxFieldBytes = 4096

    /// Owns the file descriptor, so that it is closed once whatever copies exist.
    private final class OpenFile {
        let fd: Int32
        init(_ fd: Int32) { self.fd = fd }
        deinit { if fd >= 0 { close(fd) } }
    }

    private let file: OpenFile
    private var source: any ByteSource
    /// A read that failed: the file is incomplete, and the next record says so.
    private var readError: String?
    private var buffer: [UInt8]
    private var position = 0
    private var end = 0
    private var atEOF = false
    private var line = 1
    private var field: [UInt8] = []
    private var fields: [String] = []

    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw AutodebetError(.invalidInput, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        self.init(file: OpenFile(fd), source: FileDescriptorSource(descriptor: fd, name: path))
    }

    /// Reads from `source` (tests give one that fails on purpose).
    init(source: any ByteSource) {
        self.init(file: OpenFile(-1), source: source)
    }

    /// Reads bytes held in memory (the fuzz targets).
    public init(bytes: [UInt8]) {
        self.init(source: ByteArraySource(bytes))
    }

    private init(file: OpenFile, source: any ByteSource) {
        self.file = file
        self.source = source
        buffer = [UInt8](repeating: 0, count: 1 << 20)
        field.reserveCapacity(256)
        if peek() == 0xEF { skipByteOrderMark() }
    }

    /// The next record, nil at the end of the file. A read error is a `CSVError`: the file
    /// is incomplete, never taken as ended.
    public mutating func next() throws -> CSVRecord? {
        let record = try nextRecord()
        if let readError {
            throw CSVError(line: line, message: "the file could not be read to its end (\(readError)); it is incomplete")
        }
        return record
    }

    private mutating func nextRecord() throws -> CSVRecord? {
        while true {
            guard let first = peek() else { return nil }
            if first == UInt8(ascii: "\n") { advance(); line += 1; continue }
            if first == UInt8(ascii: "\r") {
                advance()
                guard peek() == UInt8(ascii: "\n") else { throw CSVError(line: line, message: "carriage return without line feed") }
                continue
            }
            break
        }
        let start = line
        fields.removeAll(keepingCapacity: true)
        while true {
            let terminator = try readField(recordLine: start)
            fields.append(try decodeField(line: start))
            if terminator != UInt8(ascii: ",") { break }
        }
        return CSVRecord(line: start, fields: fields)
    }

    /// Reads one field into `field`; returns what ended it: a comma, a line feed, or nil at EOF.
    private mutating func readField(recordLine: Int) throws -> UInt8? {
        field.removeAll(keepingCapacity: true)
        if peek() == UInt8(ascii: "\"") {
            advance()
            let opened = line
            while true {
                guard let byte = peek() else {
                    throw CSVError(line: opened, message: "quoted field never closed")
                }
                advance()
                if byte == UInt8(ascii: "\"") {
                    if peek() == UInt8(ascii: "\"") { advance(); try append(byte); continue }
                    break
                }
                if byte == UInt8(ascii: "\n") { line += 1 }
                try append(byte)
            }
            return try endOfField(afterQuote: true)
        }
        while let byte = peek() {
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if byte == UInt8(ascii: "\"") {
                throw CSVError(line: line, message: "quote inside an unquoted field (quote the whole field and double the quote)")
            }
            advance()
            try append(byte)
        }
        return try endOfField(afterQuote: false)
    }

    private mutating func endOfField(afterQuote: Bool) throws -> UInt8? {
        guard let byte = peek() else { return nil }
        switch byte {
        case UInt8(ascii: ","):
            advance()
            return byte
        case UInt8(ascii: "\n"):
            advance()
            line += 1
            return byte
        case UInt8(ascii: "\r"):
            advance()
            guard peek() == UInt8(ascii: "\n") else { throw CSVError(line: line, message: "carriage return without line feed") }
            advance()
            line += 1
            return UInt8(ascii: "\n")
        default:
            throw CSVError(line: line, message: afterQuote
                ? "text after a closing quote (a field is either wholly quoted or not)"
                : "unexpected character")
        }
    }

    private mutating func append(_ byte: UInt8) throws {
        guard field.count < Self.maxFieldBytes else {
            throw CSVError(line: line, message: "field longer than \(Self.maxFieldBytes) bytes")
        }
        field.append(byte)
    }

    private func decodeField(line: Int) throws -> String {
        // ASCII fast path; otherwise validate UTF-8.
        if !field.contains(where: { $0 >= 0x80 }) { return String(decoding: field, as: UTF8.self) }
        guard let text = String(validating: field, as: UTF8.self) else {
            throw CSVError(line: line, message: "field is not valid UTF-8")
        }
        return text
    }

    private mutating func skipByteOrderMark() {
        fill(minimum: 3)
        if end - position >= 3, buffer[position] == 0xEF, buffer[position + 1] == 0xBB, buffer[position + 2] == 0xBF {
            position += 3
        }
    }

    @inline(__always) private mutating func peek() -> UInt8? {
        if position == end { fill(minimum: 1) }
        return position < end ? buffer[position] : nil
    }

    @inline(__always) private mutating func advance() { position += 1 }

    private mutating func fill(minimum: Int) {
        guard !atEOF else { return }
        if position > 0 {
            let remaining = end - position
            if remaining > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + position, remaining)
                }
            }
            end = remaining
            position = 0
        }
        while end - position < minimum && !atEOF {
            do {
                let count = try buffer.withUnsafeMutableBytes { raw in
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
                }
                if count == 0 { atEOF = true; break }
                end += count
            } catch {
                readError = (error as? FileReadError)?.message ?? "\(error)"
                atEOF = true
            }
        }
    }
}

extension CSVReader {
    /// The next record for an import, nil at the end; a structural error (or a failed
    /// read) is reported as a problem and also ends the file, since the rest cannot be
    /// read reliably. The header (CSVHeader) reads the same way.
    mutating func nextRecord(onProblem: (InputProblem) -> Void) throws -> CSVRecord? {
        do {
            return try next()
        } catch let error as CSVError {
            onProblem(InputProblem(line: error.line, message: error.message))
            return nil
        }
    }
}
