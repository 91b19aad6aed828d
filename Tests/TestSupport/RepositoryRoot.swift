import Foundation

/// The repository's root, found from this source file (links resolved first, for scratch
/// copies of the package): where `sql/`, `layouts/` and `fixtures/` are.
public enum RepositoryRoot {
    public static let path: String = {
        var directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("layouts/bpd-a.json").path) {
                return directory.path
            }
            directory.deleteLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }()

    public static var layouts: String { path + "/layouts" }
    public static var sql: String { path + "/sql" }

    /// `fixtures/` + `relative`.
    public static func fixture(_ relative: String) -> String { path + "/fixtures/" + relative }
}

/// A fresh temporary directory; the caller removes it.
public func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "autodebet-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
