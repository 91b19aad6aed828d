/// The byte-level state machine of the plaining rule, over ASCII input.
enum PlainTextWriter {
    /// Writes the plain form of the ASCII `bytes` into `buffer[offset..<offset + width]`
    /// (pre-filled with spaces). Returns the count written, or nil at the first
    /// non-ASCII byte (the caller then folds the text and calls again).
    @inline(__always)
    static func write<C: Collection>(
        _ bytes: C, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int, width: Int
    ) -> Int? where C.Element == UInt8 {
        var written = 0
        var pendingSpace = false
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            let kept = keep(byte)
            if kept == 0 { continue }
            if kept == ASCII.space {
                // Leading spaces vanish; inner runs collapse to the one written before
                // the next kept character; trailing spaces never get written.
                pendingSpace = written > 0
                continue
            }
            if pendingSpace {
                if written >= width { break }
                buffer[offset + written] = ASCII.space
                written += 1
                pendingSpace = false
            }
            if written >= width { break }
            buffer[offset + written] = kept
            written += 1
        }
        return written
    }

    /// The byte an ASCII input byte becomes: itself, its uppercase, a space, or 0 (dropped).
    @inline(__always)
    static func keep(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x61...0x7A: return byte - 0x20                    // a–z → A–Z
        case 0x41...0x5A, 0x30...0x39: return byte              // A–Z, 0–9
        case 0x2E, 0x2C, 0x27, 0x2D, 0x2F: return byte          // . , ' - /
        case 0x20, 0x09...0x0D: return ASCII.space              // whitespace counts as a space
        default: return 0
        }
    }
}
