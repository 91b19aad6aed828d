import Foundation

/// The layouts available to a run: every `*.json` file of the layout directories,
/// each loaded and checked up front, so a broken layout stops the run before any file
/// is written or read.
public struct LayoutCatalog: Sendable {
    /// Sorted by name.
    public let layouts: [Layout]

    /// Loads every `*.json` file in each directory (in file-name order). Throws
    /// `LayoutCatalogError` listing every broken file, or naming both files of a
    /// duplicated layout name.
    public init(directories: [String]) throws {
        try self.init(builtIn: [], directories: directories)
    }

    /// The built-in layouts (`source`, JSON text: compiled into the program), then every
    /// `*.json` file in each directory, as `init(directories:)`.
    public init(builtIn: [(source: String, text: String)], directories: [String]) throws {
        var loaded: [Layout] = []
        var broken: [LayoutError] = []
        for (source, text) in builtIn {
            do {
                loaded.append(try Layout.decode(Array(text.utf8), source: source))
            } catch let error as LayoutError {
                broken.append(error)
            }
        }
        for directory in directories {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory)
            } catch {
                throw LayoutCatalogError.unreadableDirectory(directory)
            }
            for name in names.sorted() where name.hasSuffix(".json") {
                let path = (directory as NSString).appendingPathComponent(name)
                do {
                    loaded.append(try Layout.load(path: path))
                } catch let error as LayoutError {
                    broken.append(error)
                }
            }
        }
        if !broken.isEmpty { throw LayoutCatalogError.invalidLayouts(broken) }
        if loaded.isEmpty { throw LayoutCatalogError.noLayouts(directories: directories) }
        try self.init(layouts: loaded)
    }

    /// A catalog of layouts already loaded. Throws on a duplicated name.
    public init(layouts: [Layout]) throws {
        var byName: [String: Layout] = [:]
        for layout in layouts {
            if let first = byName[layout.name] {
                throw LayoutCatalogError.duplicateName(layout.name, first: first.source, second: layout.source)
            }
            byName[layout.name] = layout
        }
        self.layouts = layouts.sorted { $0.name < $1.name }
    }

    public var names: [String] { layouts.map(\.name) }

    public func layout(named name: String) throws -> Layout {
        guard let layout = layouts.first(where: { $0.name == name }) else {
            throw LayoutCatalogError.unknownLayout(name, known: names)
        }
        return layout
    }
}
