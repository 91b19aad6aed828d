import Foundation
import Logging

/// Log lines go to standard error (standard output is for results), at the level in
/// AUTODEBET_LOG_LEVEL (trace … critical; default info). Nothing logged carries an
/// account number or NIK unmasked.
enum Logs {
    static func bootstrap() {
        let level = ProcessInfo.processInfo.environment["AUTODEBET_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    static let logger = Logger(label: "autodebet")
}
