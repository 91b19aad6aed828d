import Foundation
import Testing

/// Golden files of user-facing output under fixtures/golden. `AUTODEBET_RECORD=1 make test`
/// rewrites them from what the program printed (then review the diff before committing).
enum Golden {
    static var recording: Bool { ProcessInfo.processInfo.environment["AUTODEBET_RECORD"] == "1" }

    static func expect(_ actual: String, equals file: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = fixture("golden/" + file)
        if recording {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(actual == expected, "output differs from fixtures/golden/\(file) (AUTODEBET_RECORD=1 rewrites it)",
                sourceLocation: sourceLocation)
    }

    /// The same for bytes (debit files). Check a rewritten debit file with
    /// `python3 fixtures/check_golden.py`, which `make test` runs first anyway.
    static func expect(_ actual: Data, equals file: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = fixture("golden/" + file)
        if recording {
            try actual.write(to: URL(fileURLWithPath: path))
            return
        }
        let expected = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(actual == expected, "\(file) differs from fixtures/golden/\(file) (AUTODEBET_RECORD=1 rewrites it)",
                sourceLocation: sourceLocation)
    }
}
