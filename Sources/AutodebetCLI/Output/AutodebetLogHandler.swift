import Autodebet
import Foundation
import Logging
import PersonalData
#if canImport(Glibc)
import Glibc
#endif

/// Writes log records to standard error, as text ("2026-12-03T01:00:00Z info generate:
/// message key=value …") or as one JSON object per line ({"level", "time", "command",
/// "message", "metadata"}). The message and every metadata value are masked as echoed
/// input is (Mask.keepingReferences: any run of six or more digits shows its last four,
/// but this program's references and file names), but for the SHA-256 of a file.
struct AutodebetLogHandler: LogHandler {
    enum Format { case text, json }

    let label: String
    let format: Format
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Keys whose values are never personal data and must stay whole.
    static let unmaskedKeys: Set<String> = ["sha256"]

    func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
             source: String, file: String, function: String, line: UInt) {
        var all = metadata
        if let explicit { all.merge(explicit) { $1 } }
        let command = all.removeValue(forKey: "command").map { "\($0)" } ?? "autodebet"
        var values: [(String, String)] = []
        for (key, value) in all.sorted(by: { $0.key < $1.key }) {
            values.append((key, Self.unmaskedKeys.contains(key) ? "\(value)" : Mask.keepingReferences("\(value)")))
        }
        let text = Mask.keepingReferences(message.description)
        let time = ISO8601DateFormatter().string(from: Date())
        let record: String
        switch format {
        case .text:
            let pairs = values.map { " \($0.0)=\($0.1)" }.joined()
            record = "\(time) \(level) \(command): \(text)\(pairs)"
        case .json:
            var fields = JSONObject()
            for (key, value) in values { fields.add(key, value) }
            var object = JSONObject()
            object.add("level", level.rawValue)
            object.add("time", time)
            object.add("command", command)
            object.add("message", text)
            object.add("metadata", json: fields.text)
            record = object.text
        }
        var bytes = Array((record + "\n").utf8)
        _ = write(STDERR_FILENO, &bytes, bytes.count)
    }
}
