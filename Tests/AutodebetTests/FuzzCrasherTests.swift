import Foundation
import Testing
import TestSupport

/// Every input that ever crashed or hung a reader (fixtures/crashers/TARGET/), and each
/// fuzz target's seed corpus, replayed through the function libFuzzer calls: the target's
/// program as every build makes it (without -DFUZZING) reads the files it is given.
@Suite("fuzz crashers replay")
struct FuzzCrasherTests {
    /// Each target and the fixtures it is seeded from, as scripts/fuzz seeds it.
    static let seeds: [String: [String]] = {
        let table = (try? String(contentsOfFile: RepositoryRoot.fixture("crashers/seeds.tsv"), encoding: .utf8)) ?? ""
        var seeds: [String: [String]] = [:]
        for line in table.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t")
            guard columns.count == 2 else { continue }
            seeds[String(columns[0])] = columns[1].split(separator: " ").map(String.init)
        }
        return seeds
    }()

    static func files(_ relative: String) -> [String] {
        let path = RepositoryRoot.path + "/" + relative
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { !$0.hasPrefix(".") && $0 != "README.md" && $0 != "MANIFEST.tsv" && $0 != "seeds.tsv" }.sorted().map { path + "/" + $0 }
    }

    @Test("every crasher and seed replays without a crash or a hang",
          arguments: ["FuzzDebitFile", "FuzzHolidaysCSV", "FuzzLayout", "FuzzMandatesCSV", "FuzzReturnFile"])
    func replay(target: String) throws {
        let inputs = Self.files("fixtures/crashers/" + target) + Self.seeds[target]!.flatMap(Self.files)
        #expect(!inputs.isEmpty)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryRoot.path + "/.build/debug/" + target)
        process.arguments = inputs
        process.currentDirectoryURL = URL(fileURLWithPath: RepositoryRoot.path)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(target): \(printed)")
        #expect(printed.contains("replayed \(inputs.count) input"), "\(printed)")
    }
}
