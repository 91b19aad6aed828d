import FixedWidth
import Foundation
import PostgresClient
import Testing

/// A participant who pays a period at a counter (paid_through) after it was debited here:
/// retries leave them out, and a debit already paid shows in finance.double_collections.
@Suite("double payments")
struct DoublePaymentTests {
    /// GOLD-0001 and GOLD-0003 again, now paid through 2026-12 at a counter.
    static func paidAtCounter(in dir: String) throws -> String {
        let path = dir + "/paid-at-counter.csv"
        try """
            mandate_ref,kpj,nik,name,sector,income,jht,bank_code,account_no,account_name,signed_on,start_period,end_period,paid_through,status
            GOLD-0001,10000000001,3578014105900001,Siti Aminah,general,1000000,Y,114,0012345678,,2025-01-10,2025-02,,2026-12,active
            GOLD-0003,10000000003,3273015506920003,Raden Ajeng Kartini Sosroningrat Wulandari Putri Kusumawardhani,general,2750000,N,114,000123,,2026-02-14,2026-03,,2026-12,active

            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a retry leaves out a participant who paid the period at the counter meanwhile")
    func retrySkipsPaidElsewhere() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        let short: [String: OutcomeClass] = ["10000000001": .insufficientFunds, "10000000002": .insufficientFunds]
        try s.attempt("2026-12", outcomes: short)
        #expect(try s.cli.run(["mandates", "import", try Self.paidAtCounter(in: s.out)]).status == 0)
        let retry = try s.run(["generate", "--period", "2026-12", "--out", s.out + "/2026-12"], today: "2026-12-08")
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(try s.debited("2026-12", attempt: 2) == "10000000002")
        // Nobody is left to retry once the other one pays at the counter too: nothing is due.
    }

    @Test("finance.double_collections lists a paid debit whose period was also paid elsewhere; report shows count and sum")
    func doubleCollections() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        try s.attempt("2026-12")   // everyone pays by autodebit
        #expect(try s.db.count("SELECT count(*) FROM finance.double_collections") == 0)
        #expect(try s.cli.run(["mandates", "import", try Self.paidAtCounter(in: s.out)]).status == 0)
        #expect(try s.db.scalar("""
            SELECT string_agg(period || ' ' || bank_code || ' ' || kpj || ' ' || amount || ' ' || debited_on || ' ' || paid_through
                              || ' ' || (reference LIKE 'AD2026121%'), '; ' ORDER BY kpj)
              FROM finance.double_collections
            """) == "2026-12 114 10000000001 28400 2026-12-07 2026-12 true; 2026-12 114 10000000003 18150 2026-12-07 2026-12 true")
        let table = try s.cli.run(["report", "--period", "2026-12"])
        #expect(table.stdout.contains("Double collections (debited here and paid through another channel): 2 debits, Rp 46,550 to refund or credit (finance.double_collections)."),
                "\(table.stdout)")
        let json = try s.cli.run(["report", "--period", "2026-12", "--format", "json"])
        #expect(json.stdout.contains("\"double_collections\":{\"count\":2,\"amount\":46550}"))
        // Finance reads it with finance_reader alone.
        let connection = try s.db.connect()
        try connection.execute("SET ROLE finance_reader")
        #expect(try connection.query("SELECT count(*) AS n FROM finance.double_collections")[0].int("n") == 2)
    }
}
