@testable import FixedWidth

/// Serves `prefix`, then fails as a failing disk would: for tests that a read error is
/// never taken for the end of the file.
struct FailingSource: ByteSource {
    private var prefix: ByteArraySource

    init(prefix: [UInt8]) {
        self.prefix = ByteArraySource(prefix)
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try prefix.read(into: buffer)
        guard count > 0 else { throw FileReadError(path: "failing", message: "Input/output error") }
        return count
    }
}
