/// Which layouts (and whether debit or return) a file's first line fits: the record
/// length must match and the line must start with the header's record type; among those,
/// the header whose fields read with the fewest errors wins (in `bpd-a` debit and return
/// headers share `H`, but not their fields), then the layout whose line ending the line
/// has. If several remain, the file is ambiguous and nothing is chosen: two layouts may
/// differ only in, say, the amount unit, and a guess would misread every amount.
public struct LayoutRecognition: Sendable {
    /// Every layout and kind whose header fits, with its score: lower is better. Header
    /// errors count first, then a line ending other than the layout's (the low bit).
    private let fits: [(detected: DetectedLayout, score: Int)]

    /// Reads the first line of `source`; a read error is thrown, never taken for no fit.
    init<Source: ByteSource>(_ source: Source, catalog: LayoutCatalog) throws {
        let longest = catalog.layouts.map(\.recordLength).max() ?? 0
        var lines = LineReader(source: source, maximumLength: longest + 2)
        var fits: [(detected: DetectedLayout, score: Int)] = []
        try lines.forEachLine { line in
            for layout in catalog.layouts where line.length == layout.recordLength {
                for kind in FileKind.allCases where layout.compiled(kind).header.matches(line.bytes) {
                    let errors = Self.headerErrors(line, header: layout.compiled(kind).header, layout: layout)
                    let ending = (layout.lineEnding == .crlf) == line.endsWithCRLF ? 0 : 1
                    fits.append((DetectedLayout(layout: layout, kind: kind), errors * 2 + ending))
                }
            }
            return false   // the first line is enough
        }
        self.fits = fits
    }

    /// The best-fitting layouts among `kinds`, equally good: one when the file is
    /// recognised, none when nothing fits, several when it is ambiguous.
    public func candidates(_ kinds: [FileKind] = FileKind.allCases) -> [DetectedLayout] {
        let eligible = fits.filter { kinds.contains($0.detected.kind) }
        guard let best = eligible.map(\.score).min() else { return [] }
        return eligible.filter { $0.score == best }.map(\.detected)
    }

    /// The one best fit among `kinds`; nil when nothing fits or the file is ambiguous.
    public func recognized(_ kinds: [FileKind] = FileKind.allCases) -> DetectedLayout? {
        let found = candidates(kinds)
        return found.count == 1 ? found[0] : nil
    }

    private static func headerErrors(_ line: Line, header: CompiledRecord, layout: Layout) -> Int {
        let counter = ErrorReporter { _ in }
        var reader = FieldReader(
            bytes: line.bytes, record: header, line: line.number, perRupiah: layout.amountUnit.perRupiah, reporter: counter)
        _ = reader.values()
        return counter.count
    }
}
