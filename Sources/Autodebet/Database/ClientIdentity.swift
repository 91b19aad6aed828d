#if canImport(Glibc)
import Glibc
#endif

/// Who a session belongs to, in its application_name: `autodebet/PID@HOST`. A run that
/// finds its lock held reads the holder's name: a holder whose process has ended on this
/// machine (killed with `kill -9`) is a session the server has not yet closed, gone
/// within about a second (client_connection_check_interval), so the run waits for it
/// instead of exiting 3. A live holder, one on another machine, or a session that is not
/// ours cannot be told dead: the run exits 3 at once, as before.
public struct ClientIdentity: Equatable, Sendable {
    public var pid: Int32
    public var host: String

    static let prefix = "autodebet/"
    /// PostgreSQL keeps 63 bytes of an application_name (NAMEDATALEN - 1).
    static let limit = 63

    public static let current = ClientIdentity(pid: getpid(), host: localHost)

    public init(pid: Int32, host: String) {
        self.pid = pid
        // Shortened as the server would shorten the whole name, so that both sides compare equal.
        let room = Self.limit - Self.prefix.utf8.count - "\(pid)@".utf8.count
        self.host = String(decoding: host.utf8.prefix(max(room, 0)), as: UTF8.self)
    }

    public var applicationName: String { "\(Self.prefix)\(pid)@\(host)" }

    /// The identity in an application_name, or nil for a session that is not autodebet's.
    public init?(applicationName name: String) {
        guard name.hasPrefix(Self.prefix), let at = name.firstIndex(of: "@"),
              let pid = Int32(name[name.index(name.startIndex, offsetBy: Self.prefix.count)..<at]), pid > 0 else { return nil }
        self.init(pid: pid, host: String(name[name.index(after: at)...]))
    }

    /// True only when the process is known to be gone: on this machine, and no such
    /// process (or a zombie, dead but not yet reaped by its parent).
    public var hasEndedOnThisMachine: Bool {
        guard host == ClientIdentity.current.host else { return false }
        if kill(pid, 0) == 0 || errno == EPERM { return Self.isZombie(pid) }
        return errno == ESRCH
    }

    static var localHost: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(cString: buffer)
    }

    /// /proc/PID/stat: "PID (NAME) STATE …"; the name may hold spaces and parentheses.
    static func isZombie(_ pid: Int32) -> Bool {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0, let close = buffer[0..<count].lastIndex(of: UInt8(ascii: ")")), close + 2 < count else { return false }
        return buffer[close + 2] == UInt8(ascii: "Z")
    }
}
