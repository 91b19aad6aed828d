#if canImport(Glibc)
import Glibc
#endif

/// Where the program's data files are: `sql/migrations` and `layouts/`.
///
/// `AUTODEBET_HOME` names the directory holding both; otherwise the nearest directory
/// that holds `sql/migrations`, looking up from the executable and then from the
/// current directory (so a build inside the repository, and an install as
/// `PREFIX/bin/autodebet` beside `PREFIX/sql` and `PREFIX/layouts`, both work).
/// `AUTODEBET_LAYOUTS` adds directories (colon-separated) of further bank layouts.
public struct Resources: Sendable {
    public let home: String
    public let layoutDirectories: [String]

    public var sqlDirectory: String { home + "/sql" }

    public init(home: String, extraLayoutDirectories: [String] = []) {
        self.home = home
        self.layoutDirectories = [home + "/layouts"] + extraLayoutDirectories
    }

    public static func locate(environment: [String: String]) throws -> Resources {
        let extra = (environment["AUTODEBET_LAYOUTS"] ?? "").split(separator: ":").map(String.init)
        if let home = environment["AUTODEBET_HOME"] {
            guard FileSystem.isDirectory(home + "/sql/migrations") else {
                throw AutodebetError(.invalidInput, "AUTODEBET_HOME=\(home) holds no sql/migrations directory")
            }
            return Resources(home: home, extraLayoutDirectories: extra)
        }
        for start in [executableDirectory(), currentDirectory()].compactMap({ $0 }) {
            var dir = start
            while true {
                if FileSystem.isDirectory(dir + "/sql/migrations") { return Resources(home: dir, extraLayoutDirectories: extra) }
                guard let slash = dir.lastIndex(of: "/"), dir != "/" else { break }
                dir = slash == dir.startIndex ? "/" : String(dir[..<slash])
            }
        }
        throw AutodebetError(.failure, "cannot find the sql/ and layouts/ directories; set AUTODEBET_HOME")
    }

    private static func executableDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        let path = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    private static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
