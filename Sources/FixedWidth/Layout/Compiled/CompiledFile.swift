/// The three compiled records of one file kind.
struct CompiledFile: Sendable {
    let kind: FileKind
    let header: CompiledRecord
    let detail: CompiledRecord
    let trailer: CompiledRecord

    init(_ layout: FileLayout, kind: FileKind, recordLength: Int) {
        self.kind = kind
        self.header = CompiledRecord(layout.header, kind: RecordKind(file: kind, role: .header), recordLength: recordLength)
        self.detail = CompiledRecord(layout.detail, kind: RecordKind(file: kind, role: .detail), recordLength: recordLength)
        self.trailer = CompiledRecord(layout.trailer, kind: RecordKind(file: kind, role: .trailer), recordLength: recordLength)
    }

    /// Which record a line is, by its leading record-type bytes; nil if none matches.
    /// Details are tried first: they are nearly every line of a file.
    @inline(__always)
    func role(of line: UnsafeBufferPointer<UInt8>) -> RecordRole? {
        if detail.matches(line) { return .detail }
        if header.matches(line) { return .header }
        if trailer.matches(line) { return .trailer }
        return nil
    }
}
