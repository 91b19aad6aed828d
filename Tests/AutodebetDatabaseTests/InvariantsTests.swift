import Foundation
import Testing
import TestSupport

/// The invariants the crash loop and the race tests rely on must see what they are for:
/// each file rule of scripts/invariants.sql, planted once.
@Suite("invariants")
struct InvariantsTests {
    @Test("an unrecorded, a changed, a missing and a temporary file are each reported; a clean outbox is clean")
    func fileRules() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        #expect(try s.generate().status == 0)
        #expect(try Invariants.violations(s.db, outbox: s.out) == [])
        let fm = FileManager.default
        try Data("H\n".utf8).write(to: URL(fileURLWithPath: s.out + "/AD_111_202612_A1_S0002.txt"))
        try Data("partial".utf8).write(to: URL(fileURLWithPath: s.out + "/.AD_114_202612_A1_S0002.txt.tmp"))
        let changed = s.out + "/AD_114_202612_A1_S0001.txt"
        try (try Data(contentsOf: URL(fileURLWithPath: changed)) + Data("X\n".utf8)).write(to: URL(fileURLWithPath: changed))
        try fm.removeItem(atPath: s.out + "/AD_111_202612_A1_S0001.txt")
        #expect(try Invariants.violations(s.db, outbox: s.out, strict: false) == [
            "no unrecorded final-named file | AD_111_202612_A1_S0002.txt | not recorded",
            "recorded file exists | AD_111_202612_A1_S0001.txt | missing (placed: true)",
            "recorded file exists | AD_114_202612_A1_S0001.txt | SHA-256 differs from the recorded one",
        ])
        #expect(try Invariants.violations(s.db, outbox: s.out).contains(
            "no temporary file after a completed run | .AD_114_202612_A1_S0002.txt.tmp | left behind"))
    }
}
