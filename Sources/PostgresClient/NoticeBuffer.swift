import CLibPQ

/// Receives the server's NOTICE/WARNING messages instead of libpq's default printing to stderr,
/// keeping the last few for inspection.
final class NoticeBuffer {
    private static let capacity = 32
    private let scrubber: SecretScrubber
    private(set) var messages: [String] = []

    init(scrubber: SecretScrubber) {
        self.scrubber = scrubber
    }

    func receive(_ result: OpaquePointer) {
        func field(_ code: UInt8) -> String? {
            PQresultErrorField(result, Int32(code)).map { String(cString: $0) }
        }
        let severity = field(DiagnosticField.severity) ?? "NOTICE"
        let message = field(DiagnosticField.messagePrimary) ?? String(cString: PQresultErrorMessage(result)).trimmed
        if messages.count == Self.capacity { messages.removeFirst() }
        messages.append(scrubber.scrub("\(severity): \(message)"))
    }
}
