import Foundation
import Testing
import TestSupport

/// A fresh database with fixtures/golden/mandates.csv imported, the CLI pointed at it,
/// and an empty output directory (removed by `cleanUp`). Optionally generated for a
/// period, giving files byte-identical to fixtures/golden.
struct GoldenSetup {
    let db: TestDatabase
    let cli: CLI
    let out: String

    init(generating period: String? = nil) throws {
        db = try TestDatabase.make()
        cli = CLI(db)
        out = try temporaryDirectory()
        let imported = try cli.run(["mandates", "import", fixture("golden/mandates.csv")])
        #expect(imported.status == 0, "\(imported.stderr)")
        if let period {
            let generated = try cli.run(["generate", "--period", period, "--out", out])
            #expect(generated.status == 0, "\(generated.stderr)")
        }
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: out) }
}
