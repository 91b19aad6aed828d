import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A tmpfs of a few pages on a fresh directory, to write into a full disk. Mounting needs
/// root: the tests that use it are enabled only as root.
struct SmallFileSystem {
    static let page = 4096
    static var mountable: Bool { getuid() == 0 }

    let path: String

    init(pages: Int) throws {
        path = try temporaryDirectory()
        try Program.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(pages * Self.page),mode=0700", "tmpfs", path])
    }

    /// Fills it with one file until the disk is full, then gives back `pages` pages.
    func fill(leaving pages: Int) throws {
        let fd = open(path + "/filler", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw Program.Failure(description: "cannot create the filler") }
        defer { close(fd) }
        let block = [UInt8](repeating: 0x41, count: Self.page)
        var size = 0
        while block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == Self.page { size += Self.page }
        guard errno == ENOSPC else { throw Program.Failure(description: "filler: \(String(cString: strerror(errno)))") }
        guard ftruncate(fd, off_t(max(size - pages * Self.page, 0))) == 0 else {
            throw Program.Failure(description: "cannot shorten the filler")
        }
    }

    /// The directory's entries but the filler.
    func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).filter { $0 != "filler" }.sorted()
    }

    func remove() {
        try? Program.run("/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs a program to the end; throws with its output when it fails. posix_spawn and
/// waitpid, not Foundation's Process: Process learns of the end from a descriptor that a
/// daemon the program starts (pg_ctl start: the server) inherits, and would wait forever.
enum Program {
    struct Failure: Error, CustomStringConvertible { let description: String }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let output = NSTemporaryDirectory() + "autodebet-program-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure(description: "\(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        // WIFEXITED and WEXITSTATUS, spelled out (macros Swift does not import).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")): status \(status): \(text)")
        }
        return text
    }
}
