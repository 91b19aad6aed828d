/// Byte constants and classifications used by the record encoder and decoder.
///
/// Records are ASCII by contract, so the hot paths work on `UInt8`s directly instead of
/// `Character`s, which would cost a grapheme-breaking pass per field.
enum ASCII {
    static let space: UInt8 = 0x20
    static let zero: UInt8 = 0x30
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- zero < 10 }

    /// Printable ASCII, space included: what an `X` field may contain when read.
    @inline(__always)
    static func isPrintable(_ byte: UInt8) -> Bool { byte >= 0x20 && byte <= 0x7E }

    static func isAllDigits<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        !bytes.isEmpty && bytes.allSatisfy(isDigit)
    }

    static func isAllPrintable<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        bytes.allSatisfy(isPrintable)
    }
}

extension String {
    /// The string's UTF-8 bytes without copying them (native Swift strings are contiguous
    /// UTF-8); only a bridged string is copied first.
    @inline(__always)
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
