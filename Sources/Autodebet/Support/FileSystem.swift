#if canImport(Glibc)
import Glibc
#endif

/// The few file-system questions the program asks, in one place.
enum FileSystem {
    /// Creates the directory (and parents) when missing, mode 0700: it will hold personal data.
    static func prepareDirectory(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw AtomicFile.error("cannot create directory", current)
            }
        }
    }

    /// The names in a directory (without . and ..), sorted.
    static func fileNames(in path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw AtomicFile.error("cannot read directory", path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The modification time (seconds since 1970) of a regular file; nil for anything else.
    static func regularFileModificationTime(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_mtim.tv_sec)
    }

    /// Writes a small text file atomically, mode 0600.
    static func writeText(_ text: String, to path: String) throws {
        let slash = path.lastIndex(of: "/")!
        let file = try AtomicFile(directory: String(path[..<slash]), name: String(path[path.index(after: slash)...]))
        try file.write(Array(text.utf8))
        _ = try file.commit()
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
