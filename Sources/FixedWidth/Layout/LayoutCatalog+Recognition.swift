extension LayoutCatalog {
    /// The layouts and kinds (debit or return) the file at `path` fits, from its first
    /// line (see `LayoutRecognition`). Throws `FileReadError`, naming the path and the
    /// system's reason, when the file cannot be opened or read: an unreadable file is not
    /// a file of no known layout.
    public func recognize(path: String) throws -> LayoutRecognition {
        try FileDescriptorSource.withFile(path) { try LayoutRecognition($0, catalog: self) }
    }

    /// The same, for a file's bytes.
    func recognize(bytes: [UInt8]) throws -> LayoutRecognition {
        try LayoutRecognition(ByteArraySource(bytes), catalog: self)
    }
}
