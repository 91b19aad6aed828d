import Foundation
import TestSupport

/// Headless Chromium (Debian's `chromium`; `.ci/run` installs it): renders a page to a
/// PNG with no network (a proxy that does not exist), and reports what its console said.
enum Browser {
    struct Render {
        var status: Int32
        /// The page's console messages (Chromium logs them as `…:CONSOLE:…`).
        var console: [String]
        var log: String
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "chromium is not installed (apt-get install chromium; .ci/run installs it)" }
    }

    static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func render(_ page: String, to png: String, width: Int, height: Int) throws -> Render {
        guard let executable else { throw Missing() }
        let profile = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--proxy-server=127.0.0.1:9", "--enable-logging=stderr", "--v=0",
                             "--user-data-dir=" + profile, "--window-size=\(width),\(height)",
                             "--screenshot=" + png, URL(fileURLWithPath: page).absoluteString]
        let errors = profile + "/stderr.txt"
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let log = String(decoding: try Data(contentsOf: URL(fileURLWithPath: errors)), as: UTF8.self)
        let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Render(status: process.terminationStatus, console: console, log: log)
    }

    /// Width, height, distinct colours and the share of pixels that are not background
    /// (fixtures/png_stats.py: the standard library can inflate a PNG, Foundation cannot).
    static func stats(_ png: String) throws -> (width: Int, height: Int, colours: Int, drawn: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixture("png_stats.py"), png]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = output.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard process.terminationStatus == 0, fields.count == 4, let w = Int(fields[0]), let h = Int(fields[1]),
              let c = Int(fields[2]), let d = Double(fields[3]) else { return (0, 0, 0, 0) }
        return (w, h, c, d)
    }
}
