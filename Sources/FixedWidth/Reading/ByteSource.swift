#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the line reader gets its bytes: a file descriptor, or memory (tests, simulator).
protocol ByteSource {
    /// Fills the start of `buffer`; returns the count read, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Reads an open file descriptor with `read(2)`, without taking ownership of it.
struct FileDescriptorSource: ByteSource {
    let descriptor: Int32
    /// For messages.
    let name: String

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            #if canImport(Darwin)
            let count = Darwin.read(descriptor, buffer.baseAddress, buffer.count)
            #elseif canImport(Glibc)
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            #else
            let count = Musl.read(descriptor, buffer.baseAddress, buffer.count)
            #endif
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw FileReadError(path: name, message: String(cString: strerror(errno)))
        }
    }
}

/// Serves bytes held in memory.
struct ByteArraySource: ByteSource {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - position)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<(position + count)]))
        }
        position += count
        return count
    }
}

/// Opens `path` read-only, runs `body` with the descriptor, and closes it.
func withOpenFile<T>(_ path: String, _ body: (Int32) throws -> T) throws -> T {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
        throw FileReadError(path: path, message: String(cString: strerror(errno)))
    }
    defer { close(descriptor) }
    return try body(descriptor)
}
