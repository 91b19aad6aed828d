/// A file of the repository compiled into the program (EmbeddedFiles): its path from the
/// repository's root and its text.
public struct EmbeddedFile: Sendable {
    public let path: String
    public let text: String
}
