/// Where the line reader gets its bytes: a file descriptor, or memory (tests, simulator).
public protocol ByteSource {
    /// Fills the start of `buffer`; returns the count read, 0 at the end. A count below
    /// the buffer's size is not the end; a failed read throws, it never reads as the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
