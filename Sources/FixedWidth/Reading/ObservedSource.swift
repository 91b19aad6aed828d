/// Hands every chunk read from `base` to `onBytes` before the reader sees it, so a
/// caller can hash exactly the bytes that were read, in the same pass.
struct ObservedSource<Base: ByteSource>: ByteSource {
    var base: Base
    let onBytes: (UnsafeRawBufferPointer) -> Void

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try base.read(into: buffer)
        if count > 0 { onBytes(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
        return count
    }
}
