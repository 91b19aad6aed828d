/// One line of a file as the line reader delivers it: terminator removed.
struct Line {
    /// 1-based.
    let number: Int
    /// The line's bytes, CR and LF removed; at most the reader's maximum length, so an
    /// overlong line is cut here (and `length` says how long it really was).
    let bytes: UnsafeBufferPointer<UInt8>
    /// The line's true length without its terminator.
    let length: Int
    /// Whether it ended in CRLF (rather than LF or nothing): a hint of the layout when
    /// recognising a file, never an error when reading one.
    let endsWithCRLF: Bool
}
