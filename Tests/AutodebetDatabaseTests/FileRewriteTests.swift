import Foundation
import Testing
import TestSupport

/// `files rewrite`: a lost debit file written again byte for byte, or nothing at all.
@Suite("rewriting a debit file")
struct FileRewriteTests {
    typealias Cycle = GoldenSetup
    static let file = "AD_111_202612_A1_S0001.txt"

    @Test("a deleted file is written again byte for byte (mode 0600), and audited")
    func byteIdentical() throws {
        let c = try FileCancelTests.generated()
        defer { c.cleanUp() }
        let path = c.out + "/" + Self.file
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        try FileManager.default.removeItem(atPath: path)
        let rewritten = try c.run(["files", "rewrite", Self.file, "--out", c.out], today: "2026-11-25")
        #expect(rewritten.status == 0, "\(rewritten.stderr)")
        #expect(rewritten.stdout.contains("Wrote \(path): 3 debits, Rp 572,450, SHA-256 \(sha256Hex(original)) (as recorded)."))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try c.db.scalar("SELECT details->>'sha256' FROM autodebet.audit_event WHERE action = 'files.rewrite' AND subject = $1",
                                [Self.file]) == sha256Hex(original))
        // validate says whether a debit file is one generate recorded.
        let validated = try c.run(["validate", path], today: "2026-11-25")
        #expect(validated.status == 0)
        #expect(validated.stdout.contains("byte for byte the recorded debit file \(Self.file) (same SHA-256)"))
        var changed = original
        changed[changed.count - 3] = changed[changed.count - 3] == UInt8(ascii: " ") ? UInt8(ascii: "x") : UInt8(ascii: " ")
        let other = c.out + "/copy.txt"
        try changed.write(to: URL(fileURLWithPath: other))
        #expect(try c.run(["validate", other], today: "2026-11-25").stdout.contains("matches no recorded debit file"))
    }

    @Test("when the recorded data no longer reproduces the file, nothing is written (exit 4)")
    func refusedWhenChanged() throws {
        let c = try FileCancelTests.generated()
        defer { c.cleanUp() }
        // Hand-typed SQL changes a recorded debit: the file can no longer be reproduced.
        let connection = try c.db.connect()
        defer { connection.close() }
        try connection.execute("""
            UPDATE autodebet.debit_instruction SET account_name = 'SOMEONE ELSE'
             WHERE period = '2026-12' AND bank_code = '111' AND kpj = '10000000010'
            """)
        let out = c.out + "/again"
        let refused = try c.run(["files", "rewrite", Self.file, "--out", out], today: "2026-11-25")
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("the database no longer reproduces \(Self.file)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: out + "/" + Self.file))
        #expect(try c.db.count("SELECT count(*) FROM autodebet.audit_event WHERE action = 'files.rewrite'") == 0)
        // A cancelled file is never written again.
        #expect(try c.run(["files", "cancel", FileCancelTests.file, "--reason", "never reached the bank"], today: "2026-11-25").status == 0)
        let cancelled = try c.run(["files", "rewrite", FileCancelTests.file, "--out", out], today: "2026-11-25")
        #expect(cancelled.status == 4)
        #expect(cancelled.stderr.contains("was cancelled: it must not be sent again"))
    }
}
