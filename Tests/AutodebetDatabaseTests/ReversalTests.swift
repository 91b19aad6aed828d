import FixedWidth
import Foundation
import Testing
import TestSupport

/// `instructions reverse`: a paid debit the bank took back counts as collected nowhere,
/// and the participant's period is unpaid after close runs again.
@Suite("reversing a debit")
struct ReversalTests {
    typealias Cycle = GoldenSetup

    static func reference(_ c: Cycle, kpj: String) throws -> String {
        try #require(try c.db.scalar(
            "SELECT reference FROM autodebet.debit_instruction WHERE period = '2026-12' AND kpj = $1 ORDER BY attempt DESC LIMIT 1",
            [kpj]))
    }

    static func summary(_ c: Cycle) throws -> String? {
        try c.db.scalar("""
            SELECT submitted_count || '/' || paid_count || '/' || paid_amount || '/' || cancelled_count || '/'
                   || reversed_count || '/' || reversed_amount
              FROM finance.period_summary WHERE period = '2026-12' AND bank_code = '114' AND attempt = 1
            """)
    }

    static func allocated(_ c: Cycle) throws -> String? {
        try c.db.scalar("SELECT jkk || '/' || jkm || '/' || jht || '/' || total FROM finance.program_allocation WHERE period = '2026-12' AND bank_code = '114'")
    }

    @Test("a reversed debit leaves period_summary's and program_allocation's paid figures, and close makes the period unpaid")
    func reversePaid() throws {
        let c = try Cycle()
        defer { c.cleanUp() }
        try c.attempt("2026-12")
        #expect(try c.close("2026-12").status == 0)
        #expect(try c.result("10000000001", "2026-12") == "paid")
        #expect(try Self.summary(c) == "3/3/74950/0/0/0")
        let before = try #require(try Self.allocated(c)).split(separator: "/").compactMap { Int($0) }
        #expect(before.last == 74950)
        let reference = try Self.reference(c, kpj: "10000000001")
        let reversed = try c.run(["instructions", "reverse", reference, "--reason", "complaint: debited twice by the bank"],
                                 today: "2026-12-21")
        #expect(reversed.status == 0, "\(reversed.stderr)")
        #expect(reversed.stdout.contains("Reversed \(reference) (bank 114, period 2026-12): Rp 28,400 is no longer counted as collected."))
        #expect(reversed.stdout.contains("run `autodebet close --period 2026-12` again"))
        #expect(try Self.summary(c) == "3/2/46550/0/1/28400")
        #expect(try c.db.scalar("SELECT status FROM finance.collections WHERE reference = $1", [reference]) == "reversed")
        #expect(try c.db.count("SELECT count(*) FROM finance.double_collections WHERE reference = $1", [reference]) == 0)
        // program_allocation: paid only, so less exactly the reversed debit's parts.
        let parts = try #require(try c.db.scalar(
            "SELECT jkk || '/' || jkm || '/' || jht || '/' || amount FROM autodebet.debit_instruction WHERE reference = $1",
            [reference])).split(separator: "/").compactMap { Int($0) }
        let after = try #require(try Self.allocated(c)).split(separator: "/").compactMap { Int($0) }
        #expect(after == zip(before, parts).map { $0 - $1 })
        #expect(after.last == 46550)
        #expect(try c.db.scalar("""
            SELECT details->>'reason' || '/' || (details->>'amount') || '/' || (details->>'status')
              FROM autodebet.audit_event WHERE action = 'instructions.reverse' AND subject = $1
            """, [reference]) == "complaint: debited twice by the bank/28400/paid -> reversed")
        let report = try c.run(["report", "--period", "2026-12"], today: "2026-12-21")
        #expect(report.stdout.contains("1 debit reversed by the bank after payment (Rp 28,400)."), "\(report.stdout)")
        let again = try c.run(["close", "--period", "2026-12"], today: "2026-12-21")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try c.result("10000000001", "2026-12") == "unpaid")
        #expect(try c.result("10000000002", "2026-12") == "paid")
        // Reversed once is reversed: a second reversal is refused.
        let twice = try c.run(["instructions", "reverse", reference, "--reason", "again"], today: "2026-12-21")
        #expect(twice.status == 4)
        #expect(twice.stderr.contains("\(reference) cannot be reversed: only a paid debit can be, and it is already reversed"))
    }

    @Test("a reversed debit whose period another payment covers (paid_through) leaves the period paid after close")
    func coveredElsewhere() throws {
        let c = try Cycle()
        defer { c.cleanUp() }
        try c.attempt("2026-12")
        // 0002 also paid December at the counter: the registry sends paid_through 2026-12.
        let csv = c.out + "/paid-through.csv"
        let rows = try String(contentsOfFile: fixture("golden/mandates.csv"), encoding: .utf8).split(separator: "\n")
        var fields = rows.first { $0.hasPrefix("GOLD-0002,") }!.split(separator: ",", omittingEmptySubsequences: false)
        fields[fields.count - 2] = "2026-12"
        try ([String(rows[0]), fields.joined(separator: ",")].joined(separator: "\n") + "\n")
            .write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try c.run(["mandates", "import", csv], today: "2026-12-16").status == 0)
        let reference = try Self.reference(c, kpj: "10000000002")
        #expect(try c.db.count("SELECT count(*) FROM finance.double_collections WHERE reference = $1", [reference]) == 1)
        #expect(try c.run(["instructions", "reverse", reference, "--reason", "refund of the double payment"],
                          today: "2026-12-16").status == 0)
        #expect(try c.db.count("SELECT count(*) FROM finance.double_collections WHERE reference = $1", [reference]) == 0)
        #expect(try c.close("2026-12").status == 0)
        #expect(try c.result("10000000002", "2026-12") == "paid")
    }

    @Test("only a paid debit can be reversed: a submitted or failed one is refused (exit 4), an unknown reference exit 2")
    func refusals() throws {
        let c = try Cycle()
        defer { c.cleanUp() }
        try c.attempt("2026-12", outcomes: ["10000000001": .insufficientFunds])
        #expect(try c.run(["generate", "--period", "2026-12", "--out", c.out], today: "2026-12-08").status == 0)
        let failed = try #require(try c.db.scalar(
            "SELECT reference FROM autodebet.debit_instruction WHERE kpj = '10000000001' AND attempt = 1"))
        let submitted = try Self.reference(c, kpj: "10000000001")
        #expect(submitted != failed)
        let a = try c.run(["instructions", "reverse", failed, "--reason", "x"], today: "2026-12-08")
        #expect(a.status == 4)
        #expect(a.stderr.contains("\(failed) cannot be reversed: only a paid debit can be, and the bank reported it failed"))
        let b = try c.run(["instructions", "reverse", submitted, "--reason", "x"], today: "2026-12-08")
        #expect(b.status == 4)
        #expect(b.stderr.contains("it awaits the bank's return"))
        let unknown = try c.run(["instructions", "reverse", "AD202612100000099999", "--reason", "x"], today: "2026-12-08")
        #expect(unknown.status == 2)
        #expect(try c.db.count("SELECT count(*) FROM autodebet.debit_instruction WHERE status = 'reversed'") == 0)
        #expect(try c.db.count("SELECT count(*) FROM autodebet.audit_event WHERE action = 'instructions.reverse'") == 0)
    }
}
