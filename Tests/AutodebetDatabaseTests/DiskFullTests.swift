import Foundation
import Testing
import TestSupport

/// `generate` into a full file system (a tmpfs of a few pages): a clean failure, exit 1
/// with the reason, nothing recorded, no file left, and a rerun elsewhere completes.
@Suite("a full disk", .enabled(if: SmallFileSystem.mountable, "mounts a tmpfs: root only"))
struct DiskFullTests {
    func generateIntoFullDisk(leaving pages: Int) throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        let disk = try SmallFileSystem(pages: 8)
        defer { disk.remove() }
        try disk.fill(leaving: pages)
        let full = try s.cli.run(["generate", "--period", "2026-12", "--out", disk.path])
        #expect(full.status == 1, "\(full.stderr)")
        #expect(full.stderr.contains("No space left on device"), "\(full.stderr)")
        for table in ["debit_file", "attempt", "debit_instruction"] {
            #expect(try s.db.count("SELECT count(*) FROM autodebet.\(table)") == 0, "\(table)")
        }
        #expect(try s.db.count("SELECT count(*) FROM autodebet.audit_event WHERE action = 'generate'") == 0)
        // Neither a final-named file nor a temporary one is left.
        #expect(try disk.entries() == [])
        #expect(try Invariants.violations(s.db, outbox: disk.path) == [])
        let rerun = try s.generate()
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try s.files() == ["AD_111_202612_A1_S0001.txt", "AD_114_202612_A1_S0001.txt"])
        for name in try s.files() { try Golden.expect(try s.file(name), equals: name) }
        #expect(try Invariants.violations(s.db, outbox: s.out) == [])
    }

    @Test("no room at all: exit 1 naming the full disk, nothing recorded, no file; a rerun into a roomy directory completes")
    func noRoom() throws {
        try generateIntoFullDisk(leaving: 0)
    }

    @Test("room for the first bank's file only: the first file is removed too, nothing recorded; the rerun completes")
    func roomForOneFile() throws {
        try generateIntoFullDisk(leaving: 1)
    }
}
