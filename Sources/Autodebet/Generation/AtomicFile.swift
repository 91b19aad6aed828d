import Crypto
#if canImport(Glibc)
import Glibc
#endif

/// A file that appears whole or not at all: written under a temporary name in its final
/// directory (mode 0600), fsynced, renamed to its name, and the directory fsynced, so
/// that after a crash the name holds either nothing or the complete file. The SHA-256
/// is computed as the bytes go out.
final class AtomicFile {
    let directory: String
    let name: String
    private let temporaryPath: String
    private var fd: Int32
    private var hasher = SHA256()
    private(set) var byteCount = 0

    var path: String { directory + "/" + name }

    /// The temporary name of a file of ours: hidden, with the writer's process id.
    static func isTemporary(_ fileName: String) -> Bool {
        fileName.hasPrefix(".") && fileName.hasSuffix(".tmp")
    }

    init(directory: String, name: String) throws {
        self.directory = directory
        self.name = name
        temporaryPath = "\(directory)/.\(name).\(getpid()).tmp"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.error("cannot create", temporaryPath) }
        // The mode given to open() is narrowed by the umask, never widened; make it exact.
        guard fchmod(fd, 0o600) == 0 else { throw Self.error("cannot set the mode of", temporaryPath) }
    }

    /// Written and fsynced under the temporary name, not yet renamed.
    private var sealed = false

    deinit {
        if fd >= 0 || sealed { discard() }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            hasher.update(bufferPointer: raw)
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Self.error("cannot write", temporaryPath)
                }
                offset += written
            }
        }
        byteCount += bytes.count
    }

    /// Makes the file durable under its name; returns its SHA-256 in hex.
    func commit() throws -> String {
        let sha256 = try seal()
        try place()
        return sha256
    }

    /// Makes the file durable under its temporary name, still hidden; returns its SHA-256
    /// in hex. `place()` gives it its name (generate does so only once the file is recorded).
    func seal() throws -> String {
        guard fsync(fd) == 0 else { throw Self.error("cannot fsync", temporaryPath) }
        guard close(fd) == 0 else { fd = -1; throw Self.error("cannot close", temporaryPath) }
        fd = -1
        sealed = true
        return hasher.finalize().hex
    }

    /// Renames a sealed file to its name and makes the rename durable.
    func place() throws {
        precondition(sealed, "only a sealed file is placed")
        guard rename(temporaryPath, path) == 0 else {
            let failure = Self.error("cannot rename to \(name)", temporaryPath)
            unlink(temporaryPath)
            throw failure
        }
        sealed = false
        try Self.syncDirectory(directory)
    }

    /// Abandons the file: nothing appears under its name.
    func discard() {
        if fd >= 0 { close(fd); fd = -1 }
        sealed = false
        unlink(temporaryPath)
    }

    /// A rename is durable only once the directory entry is on disk.
    static func syncDirectory(_ directory: String) throws {
        let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0 else { throw error("cannot open directory", directory) }
        defer { close(dirfd) }
        guard fsync(dirfd) == 0 else { throw error("cannot fsync directory", directory) }
    }

    static func error(_ what: String, _ path: String) -> AutodebetError {
        AutodebetError(.failure, "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
