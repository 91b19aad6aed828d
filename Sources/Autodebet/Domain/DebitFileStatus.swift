/// Where a debit file stands (mirrors the domain autodebet.debit_file_status, which
/// autodebet.debit_files() derives).
public enum DebitFileStatus: String, CaseIterable, Sendable {
    /// No return imported yet.
    case awaiting
    /// A return file was imported for it.
    case answered
    /// Cancelled by operations (`files cancel`).
    case cancelled
}
