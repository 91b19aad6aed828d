import Foundation
import Testing
import TestSupport

/// Runs the real `autodebet` executable (built beside the test bundle) against a test
/// database, capturing its exit code and output.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let executable: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = bundle.deletingLastPathComponent()
        // swift-testing may run from inside the .xctest bundle directory.
        if !FileManager.default.fileExists(atPath: dir.appendingPathComponent("autodebet").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("autodebet").path
    }()

    let database: TestDatabase
    var environment: [String: String] = ["AUTODEBET_TODAY": "2026-11-21"]
    /// The day `returns import` runs on by default: the day after the golden debit date (2026-12-07).
    static let returnsDay = "2026-12-08"

    init(_ database: TestDatabase) {
        self.database = database
    }

    /// A run in progress, started by `start`.
    struct Running {
        let process: Process
        let outPath: String
        let errPath: String

        func wait() throws -> Result {
            process.waitUntilExit()
            defer { try? FileManager.default.removeItem(atPath: outPath); try? FileManager.default.removeItem(atPath: errPath) }
            return Result(status: process.terminationStatus,
                          stdout: String(decoding: try Data(contentsOf: URL(fileURLWithPath: outPath)), as: UTF8.self),
                          stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self))
        }
    }

    /// Runs the executable to the end; `removing` names variables to leave out of its environment.
    @discardableResult
    func run(_ arguments: [String], extraEnvironment: [String: String] = [:], removing: [String] = []) throws -> Result {
        try start(arguments, extraEnvironment: extraEnvironment, removing: removing).wait()
    }

    /// Starts the executable without waiting for it.
    func start(_ arguments: [String], extraEnvironment: [String: String] = [:], removing: [String] = []) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["PGDATABASE"] = database.name
        // No AUTODEBET_HOME: the program uses its compiled-in schema and layouts.
        env.removeValue(forKey: "AUTODEBET_HOME")
        env.removeValue(forKey: "DATABASE_URL")
        for (key, value) in environment { env[key] = value }
        // A return is imported once its debit date has come (a processing date after today
        // is refused): unless the test says which day, on the day after the golden files'.
        if arguments.starts(with: ["returns", "import"]) { env["AUTODEBET_TODAY"] = Self.returnsDay }
        for (key, value) in extraEnvironment { env[key] = value }
        for key in removing { env.removeValue(forKey: key) }
        process.environment = env
        // Output goes to files, not pipes: nothing can fill up and block the process.
        let outPath = NSTemporaryDirectory() + "autodebet-out-" + UUID().uuidString
        let errPath = outPath + ".err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, outPath: outPath, errPath: errPath)
    }
}

/// SHA-256 in lowercase hex, by the system's sha256sum (independent of the program's own).
func sha256Hex(_ bytes: Data) -> String {
    let path = NSTemporaryDirectory() + "autodebet-sha-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: path) }
    FileManager.default.createFile(atPath: path, contents: bytes)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [path]
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return "" }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: output.prefix(64), as: UTF8.self)
}
