/// What became of a return file handed to the import (mirrors the CHECK on autodebet.return_file.status).
public enum ReturnFileStatus: String, CaseIterable, Sendable {
    case imported
    case rejected
}
