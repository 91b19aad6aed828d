/// Why a layout catalog could not be built, or a layout not found in it.
public enum LayoutCatalogError: Error, Sendable, CustomStringConvertible {
    case unreadableDirectory(String)
    case noLayouts(directories: [String])
    /// Every broken layout file, each with all its problems.
    case invalidLayouts([LayoutError])
    case duplicateName(String, first: String, second: String)
    case unknownLayout(String, known: [String])

    public var description: String {
        switch self {
        case .unreadableDirectory(let directory):
            return "layout directory \(directory) cannot be read"
        case .noLayouts(let directories):
            return "no layout (*.json) found in \(directories.joined(separator: ", "))"
        case .invalidLayouts(let errors):
            return errors.map(\.description).joined(separator: "\n")
        case .duplicateName(let name, let first, let second):
            return "layout name '\(name)' is used by both \(first) and \(second)"
        case .unknownLayout(let name, let known):
            let list = known.isEmpty ? "none" : known.joined(separator: ", ")
            return "unknown layout '\(name)' (known layouts: \(list))"
        }
    }
}
