/// A layout and file kind recognised from a file's first line.
public struct DetectedLayout: Sendable {
    public let layout: Layout
    public let kind: FileKind
}

/// Recognises which layout (and whether debit or return) a file is written in, from its
/// first line alone: the record length must match and the line must start with the
/// header's record type; among those, the header whose fields read with the fewest
/// errors wins (in `bpd-a` debit and return headers share `H`, but not their fields).
enum LayoutDetection {
    static func detect(path: String, catalog: LayoutCatalog, kinds: [FileKind] = FileKind.allCases) -> DetectedLayout? {
        guard let result = try? withOpenFile(path, { descriptor in
            detect(FileDescriptorSource(descriptor: descriptor, name: path), catalog: catalog, kinds: kinds)
        }) else { return nil }
        return result
    }

    static func detect<Source: ByteSource>(_ source: Source, catalog: LayoutCatalog, kinds: [FileKind]) -> DetectedLayout? {
        let longest = catalog.layouts.map(\.recordLength).max() ?? 0
        var lines = LineReader(source: source, maximumLength: longest + 2)
        var best: (detected: DetectedLayout, errors: Int)?
        try? lines.forEachLine { line in
            for layout in catalog.layouts {
                guard line.length == layout.recordLength else { continue }
                for kind in kinds {
                    let header = layout.compiled(kind).header
                    guard header.matches(line.bytes) else { continue }
                    let errors = headerErrors(line, header: header, layout: layout)
                    // Ties go to the first candidate: layouts by name, debit before return.
                    if let current = best, current.errors <= errors { continue }
                    best = (DetectedLayout(layout: layout, kind: kind), errors)
                }
            }
            return false   // the first line is enough
        }
        return best?.detected
    }

    private static func headerErrors(_ line: Line, header: CompiledRecord, layout: Layout) -> Int {
        let counter = ErrorReporter { _ in }
        var reader = FieldReader(bytes: line.bytes, record: header, line: line.number, perRupiah: layout.amountUnit.perRupiah, reporter: counter)
        for field in header.fields { _ = reader.read(field) }
        return counter.count
    }
}

extension LayoutCatalog {
    /// The layout and kind (debit or return) of the file at `path`, from its first line;
    /// nil when no layout fits.
    public func detect(path: String) -> DetectedLayout? {
        LayoutDetection.detect(path: path, catalog: self)
    }

    /// The same, for a file's bytes.
    public func detect(bytes: [UInt8]) -> DetectedLayout? {
        LayoutDetection.detect(ByteArraySource(bytes), catalog: self, kinds: FileKind.allCases)
    }
}
