/// A layout and file kind recognised from a file's first line.
public struct DetectedLayout: Sendable {
    public let layout: Layout
    public let kind: FileKind
}

/// Recognises which layout (and whether debit or return) a file is written in, from its
/// first line alone: the record length must match and the line must start with the
/// header's record type; among those, the header whose fields read with the fewest
/// errors wins (in `bpd-a` debit and return headers share `H`, but not their fields),
/// then the layout whose line ending the line has. If several remain, the file is
/// ambiguous and nothing is chosen: two layouts may differ only in, say, the amount unit,
/// and a guess would misread every amount.
enum LayoutDetection {
    static func detect(path: String, catalog: LayoutCatalog, kinds: [FileKind] = FileKind.allCases) -> DetectedLayout? {
        let found = candidates(path: path, catalog: catalog, kinds: kinds)
        return found.count == 1 ? found[0] : nil
    }

    /// The best-fitting layouts and kinds, equally good: one when the file is recognised,
    /// none when nothing fits, several when it is ambiguous.
    static func candidates(path: String, catalog: LayoutCatalog, kinds: [FileKind] = FileKind.allCases) -> [DetectedLayout] {
        (try? withOpenFile(path, { descriptor in
            candidates(FileDescriptorSource(descriptor: descriptor, name: path), catalog: catalog, kinds: kinds)
        })) ?? []
    }

    static func detect<Source: ByteSource>(_ source: Source, catalog: LayoutCatalog, kinds: [FileKind]) -> DetectedLayout? {
        let found = candidates(source, catalog: catalog, kinds: kinds)
        return found.count == 1 ? found[0] : nil
    }

    static func candidates<Source: ByteSource>(_ source: Source, catalog: LayoutCatalog, kinds: [FileKind]) -> [DetectedLayout] {
        let longest = catalog.layouts.map(\.recordLength).max() ?? 0
        var lines = LineReader(source: source, maximumLength: longest + 2)
        // Lower is better: header errors first, then a line ending other than the layout's.
        var best: [DetectedLayout] = []
        var bestScore = (Int.max, Int.max)
        try? lines.forEachLine { line in
            for layout in catalog.layouts {
                guard line.length == layout.recordLength else { continue }
                for kind in kinds {
                    let header = layout.compiled(kind).header
                    guard header.matches(line.bytes) else { continue }
                    let errors = headerErrors(line, header: header, layout: layout)
                    let ending = (layout.lineEnding == .crlf) == line.endsWithCRLF ? 0 : 1
                    let score = (errors, ending)
                    if score < bestScore {
                        bestScore = score
                        best = [DetectedLayout(layout: layout, kind: kind)]
                    } else if score == bestScore {
                        best.append(DetectedLayout(layout: layout, kind: kind))
                    }
                }
            }
            return false   // the first line is enough
        }
        return best
    }

    private static func headerErrors(_ line: Line, header: CompiledRecord, layout: Layout) -> Int {
        let counter = ErrorReporter { _ in }
        var reader = FieldReader(bytes: line.bytes, record: header, line: line.number, perRupiah: layout.amountUnit.perRupiah, reporter: counter)
        for field in header.fields { _ = reader.read(field) }
        return counter.count
    }
}

extension LayoutCatalog {
    /// Every layout and kind that fits the file at `path` equally well (see LayoutDetection).
    public func candidates(path: String) -> [DetectedLayout] {
        LayoutDetection.candidates(path: path, catalog: self)
    }

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
