#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an open file descriptor with `read(2)`, without taking ownership of it.
struct FileDescriptorSource: ByteSource {
    let descriptor: Int32
    /// For messages.
    let name: String

    /// Retries on EINTR; any other failure throws `FileReadError` with the system's reason.
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

    /// Opens `path` read-only, runs `body` with a source reading it, and closes it.
    /// Throws `FileReadError` naming the path and the system's reason.
    static func withFile<T>(_ path: String, _ body: (FileDescriptorSource) throws -> T) throws -> T {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw FileReadError(path: path, message: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        return try body(FileDescriptorSource(descriptor: descriptor, name: path))
    }
}
