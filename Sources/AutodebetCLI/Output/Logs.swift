import Foundation
import Logging

/// Log lines go to standard error (standard output is for results), at the level in
/// AUTODEBET_LOG_LEVEL (trace … critical; default info): human-readable, or with
/// AUTODEBET_LOG_FORMAT=json one JSON object per line (for log shippers). Either way every
/// message and metadata value is masked (AutodebetLogHandler): no account number or NIK
/// reaches a log.
enum Logs {
    static func bootstrap() {
        let level = environment["AUTODEBET_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            AutodebetLogHandler(label: label, format: json ? .json : .text, logLevel: level)
        }
    }

    static var logger: Logger {
        var logger = Logger(label: "autodebet")
        logger[metadataKey: "command"] = .string(command)
        return logger
    }

    /// AUTODEBET_LOG_FORMAT=json: one JSON object per line.
    static let json = environment["AUTODEBET_LOG_FORMAT"] == "json"

    /// The command running ("returns import"), set once parsed.
    nonisolated(unsafe) static var command = "autodebet"
}
