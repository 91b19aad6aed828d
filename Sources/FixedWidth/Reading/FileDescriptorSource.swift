#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an open file descriptor with `read(2)`, without taking ownership of it: the one
/// file-reading primitive of the program (return and debit files, CSV imports, migrations,
/// hashing), so that every read error is an error everywhere, never a silent end of file.
public struct FileDescriptorSource: ByteSource {
    let descriptor: Int32
    /// For messages.
    let name: String

    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    /// Retries on EINTR; any other failure throws `FileReadError` with the system's reason.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
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
    public static func withFile<T>(_ path: String, _ body: (FileDescriptorSource) throws -> T) throws -> T {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw FileReadError(path: path, message: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        return try body(FileDescriptorSource(descriptor: descriptor, name: path))
    }
}

extension FileDescriptorSource {
    /// Calls `body` with each chunk of the file at `path`, in order, to the end.
    public static func forEachChunk(path: String, chunkSize: Int = 1 << 20,
                                    _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try withFile(path) { source in
            var source = source
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let count = try source.read(into: buffer)
                if count == 0 { return }
                try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
        }
    }

    /// The whole file, refused past `limit` bytes (for small files: migrations, layouts).
    public static func contents(path: String, limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try forEachChunk(path: path, chunkSize: 64 * 1024) { chunk in
            guard bytes.count + chunk.count <= limit else {
                throw FileReadError(path: path, message: "larger than \(limit) bytes")
            }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }
}
