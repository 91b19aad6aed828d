/// The two kinds of file a layout describes.
public enum FileKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Written by Autodebet, read by the bank.
    case debit
    /// Written by the bank in answer to a debit file.
    case returns = "return"

    public var description: String { rawValue }
}
