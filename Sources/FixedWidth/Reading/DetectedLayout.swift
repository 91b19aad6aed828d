/// A layout and file kind recognised from a file's first line.
public struct DetectedLayout: Sendable {
    public let layout: Layout
    public let kind: FileKind
}
