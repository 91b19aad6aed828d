/// The three record kinds of one file kind (debit or return).
public struct FileLayout: Sendable {
    public let header: RecordLayout
    public let detail: RecordLayout
    public let trailer: RecordLayout

    public init(header: RecordLayout, detail: RecordLayout, trailer: RecordLayout) {
        self.header = header
        self.detail = detail
        self.trailer = trailer
    }

    public func record(_ role: RecordRole) -> RecordLayout {
        switch role {
        case .header: return header
        case .detail: return detail
        case .trailer: return trailer
        }
    }
}
