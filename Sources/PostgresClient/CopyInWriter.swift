import CLibPQ

/// Writes rows for ``PostgresConnection/copyIn(_:_:)`` in COPY text format.
///
/// Fields are separated by tabs automatically; call ``endRow()`` after each row's fields. Data is buffered
/// and sent with PQputCopyData about every 64 KiB. The writer is valid only inside the copyIn body.
public final class CopyInWriter {
    static let flushThreshold = 64 * 1024

    private let connection: PostgresConnection
    private let handle: OpaquePointer
    private var buffer: [UInt8]
    private var isFirstFieldInRow = true
    private var isFinished = false
    public private(set) var rowCount = 0
    /// The first send failure; later data is dropped and copyIn reports it.
    private(set) var failure: PostgresError?

    init(connection: PostgresConnection, handle: OpaquePointer) {
        self.connection = connection
        self.handle = handle
        buffer = []
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    /// Appends one text field; nil is NULL (`\N`).
    public func append(_ value: String?) {
        guard var text = value else { return appendNull() }
        startField()
        text.withUTF8 { appendEscaped($0) }  // no copy for native strings
        fieldWritten()
    }

    public func append(_ value: Int64) {
        startField()
        var magnitude = value.magnitude
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        let start = buffer.endIndex
        repeat {
            buffer.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        buffer[start...].reverse()
        fieldWritten()
    }

    public func append(_ value: Int) {
        append(Int64(value))
    }

    /// Appends `t` or `f`.
    public func append(_ value: Bool) {
        startField()
        buffer.append(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        fieldWritten()
    }

    public func appendNull() {
        startField()
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "N"))
        fieldWritten()
    }

    /// Ends the current row.
    public func endRow() {
        precondition(!isFinished, "CopyInWriter used after its copyIn body returned")
        buffer.append(UInt8(ascii: "\n"))
        isFirstFieldInRow = true
        rowCount += 1
        if buffer.count >= Self.flushThreshold { flush() }
    }

    // MARK: - Internals

    /// True when fields were appended after the last endRow().
    var hasUnfinishedRow: Bool { !isFirstFieldInRow }

    @inline(__always)
    private func startField() {
        precondition(!isFinished, "CopyInWriter used after its copyIn body returned")
        if isFirstFieldInRow {
            isFirstFieldInRow = false
        } else {
            buffer.append(UInt8(ascii: "\t"))
        }
    }

    @inline(__always)
    private func fieldWritten() {
        // Checked per field too, so one huge row cannot grow the buffer without bound.
        if buffer.count >= Self.flushThreshold { flush() }
    }

    /// COPY text format: backslash, tab, newline and carriage return must be escaped.
    private func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        @inline(__always) func needsEscape(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        }
        guard bytes.contains(where: needsEscape) else {
            buffer.append(contentsOf: bytes)
            return
        }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\t"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "t"))
            case UInt8(ascii: "\n"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "r"))
            default: buffer.append(byte)
            }
        }
    }

    /// Sends the buffered data. After a failure, data is discarded: the COPY is going to be aborted.
    func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil, !buffer.isEmpty else { return }
        let sent = buffer.withUnsafeBytes { bytes in
            PQputCopyData(handle, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        }
        if sent != 1 {
            failure = connection.libpqError(handle, kind: .copy, fallback: "PQputCopyData failed")
        }
    }

    /// Makes later use of an escaped writer trap instead of writing to an unrelated command.
    func finish() {
        isFinished = true
        buffer = []
    }
}
