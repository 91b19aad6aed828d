/// Reads and checks a debit or return file, streaming: details go to `onDetail` and
/// errors to `onError` as they are found, so memory stays flat whatever the file's size.
///
/// Return files are untrusted input: every check of layouts.md is made (record length and
/// type, field formats, one header first and one trailer last, details numbered in order,
/// the kind's own rules, control totals), every error is reported, not only the first,
/// and no input crashes the reader or makes it hold more than one line in memory. Details
/// are delivered as they are read when their record is entirely valid; the file as a
/// whole is valid only if the summary's `errorCount` is 0 (totals are compared at the end).
///
///     let summary = try FixedWidthFileReader<ReturnFile>.read(path: path, layout: layout,
///                                                             onDetail: { … }, onError: { … })
public enum FixedWidthFileReader<Kind: FixedWidthFileKind> {
    /// Reads the file at `path`. `onBytes` receives every chunk as it is read, so the
    /// caller can hash exactly the bytes checked, in the same pass. Throws `FileReadError`
    /// (the path and the system's reason) when the file cannot be opened or read: a read
    /// error is never taken for the end of the file.
    public static func read(
        path: String, layout: Layout, onBytes: (UnsafeRawBufferPointer) -> Void = { _ in },
        onDetail: (Kind.Detail) throws -> Void, onError: (InputProblem) -> Void
    ) throws -> FixedWidthFileSummary<Kind> {
        try FileDescriptorSource.withFile(path) { file in
            try withoutActuallyEscaping(onBytes) { onBytes in
                try read(ObservedSource(base: file, onBytes: onBytes), layout: layout, onDetail: onDetail, onError: onError)
            }
        }
    }

    public static func read(
        bytes: [UInt8], layout: Layout, onDetail: (Kind.Detail) throws -> Void, onError: (InputProblem) -> Void
    ) throws -> FixedWidthFileSummary<Kind> {
        try read(ByteArraySource(bytes), layout: layout, onDetail: onDetail, onError: onError)
    }

    static func read<Source: ByteSource>(
        _ source: Source, layout: Layout, onDetail: (Kind.Detail) throws -> Void, onError: (InputProblem) -> Void
    ) throws -> FixedWidthFileSummary<Kind> {
        try withoutActuallyEscaping(onError) { onError in
            let reporter = ErrorReporter(onError)
            var state = FileReadState<Kind>(layout: layout, reporter: reporter)
            let structure = try FileScanner.scan(
                source, file: state.file, recordLength: layout.recordLength, reporter: reporter
            ) { role, line in
                switch role {
                case .header: state.readHeader(line)
                case .detail: if let detail = state.readDetail(line) { try onDetail(detail) }
                case .trailer: state.readTrailer(line)
                }
            }
            state.compareTotals()
            return state.summary(lineCount: structure.lineCount)
        }
    }
}
