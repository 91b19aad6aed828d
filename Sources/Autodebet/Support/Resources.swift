import FixedWidth

/// Where the program's schema and bank layouts come from: compiled in (EmbeddedFiles, the
/// repository's `sql/` and `layouts/`), so the installed binary runs from any directory
/// with no setting. `AUTODEBET_LAYOUTS` adds directories (colon-separated) of further bank
/// layouts. `AUTODEBET_HOME`, for developers and tests, names a directory whose `sql/`
/// and `layouts/` are read instead of the compiled-in copies.
public struct Resources: Sendable {
    /// AUTODEBET_HOME, when set.
    public let home: String?
    public let extraLayoutDirectories: [String]

    public init(home: String? = nil, extraLayoutDirectories: [String] = []) {
        self.home = home
        self.extraLayoutDirectories = extraLayoutDirectories
    }

    public static func locate(environment: [String: String]) throws -> Resources {
        let extra = (environment["AUTODEBET_LAYOUTS"] ?? "").split(separator: ":").map(String.init)
        if let home = environment["AUTODEBET_HOME"], !home.isEmpty {
            guard FileSystem.isDirectory(home + "/sql/migrations") else {
                throw AutodebetError(.invalidInput, "AUTODEBET_HOME=\(home) holds no sql/migrations directory")
            }
            return Resources(home: home, extraLayoutDirectories: extra)
        }
        return Resources(extraLayoutDirectories: extra)
    }

    /// The layout directories read from disk: AUTODEBET_HOME's, then AUTODEBET_LAYOUTS.
    public var layoutDirectories: [String] {
        (home.map { [$0 + "/layouts"] } ?? []) + extraLayoutDirectories
    }

    /// The bank layouts: the built-in ones (unless AUTODEBET_HOME gives its own), then those
    /// of AUTODEBET_LAYOUTS.
    public func layouts() throws -> LayoutCatalog {
        let builtIn = home != nil ? [] : EmbeddedFiles.all.filter { $0.path.hasPrefix("layouts/") }
            .map { (source: "built-in " + $0.path, text: $0.text) }
        return try LayoutCatalog(builtIn: builtIn, directories: layoutDirectories)
    }

    /// The schema: AUTODEBET_HOME's sql/, else the compiled-in one.
    public func migrator() throws -> Migrator {
        if let home { return try Migrator(sqlDirectory: home + "/sql") }
        return Migrator()
    }
}
