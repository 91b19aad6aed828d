import Testing

/// The BPU contribution at every edge of the PP 50/2025 discount, from the tariff data
/// the migrations seed (autodebet.contribution).
@Suite("tariff")
struct TariffTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let sector: String, period: String, income: Int64, jht: Bool
        let jkk: Int64, jkm: Int64, jhtAmount: Int64
        var testDescription: String { "\(sector) \(period) income \(income) jht \(jht)" }
    }

    static let boundaries: [Case] = [
        // general: discounted 2026-04 … 2026-12
        Case(sector: "general", period: "2026-03", income: 1_000_000, jht: true, jkk: 10_000, jkm: 6_800, jhtAmount: 20_000),
        Case(sector: "general", period: "2026-04", income: 1_000_000, jht: true, jkk: 5_000, jkm: 3_400, jhtAmount: 20_000),
        Case(sector: "general", period: "2026-12", income: 1_000_000, jht: true, jkk: 5_000, jkm: 3_400, jhtAmount: 20_000),
        Case(sector: "general", period: "2027-01", income: 1_000_000, jht: true, jkk: 10_000, jkm: 6_800, jhtAmount: 20_000),
        Case(sector: "general", period: "2026-03", income: 1_000_000, jht: false, jkk: 10_000, jkm: 6_800, jhtAmount: 0),
        Case(sector: "general", period: "2026-04", income: 1_000_000, jht: false, jkk: 5_000, jkm: 3_400, jhtAmount: 0),
        Case(sector: "general", period: "2027-03", income: 1_000_000, jht: true, jkk: 10_000, jkm: 6_800, jhtAmount: 20_000),
        Case(sector: "general", period: "2027-04", income: 1_000_000, jht: true, jkk: 10_000, jkm: 6_800, jhtAmount: 20_000),
        // transport: discounted 2026-01 … 2027-03
        Case(sector: "transport", period: "2025-12", income: 1_000_000, jht: true, jkk: 10_000, jkm: 6_800, jhtAmount: 20_000),
        Case(sector: "transport", period: "2026-01", income: 1_000_000, jht: true, jkk: 5_000, jkm: 3_400, jhtAmount: 20_000),
        Case(sector: "transport", period: "2026-03", income: 1_000_000, jht: true, jkk: 5_000, jkm: 3_400, jhtAmount: 20_000),
        Case(sector: "transport", period: "2026-04", income: 1_000_000, jht: true, jkk: 5_000, jkm: 3_400, jhtAmount: 20_000),
        Case(sector: "transport", period: "2026-12", income: 1_000_000, jht: false, jkk: 5_000, jkm: 3_400, jhtAmount: 0),
        Case(sector: "transport", period: "2027-01", income: 1_000_000, jht: true, jkk: 5_000, jkm: 3_400, jhtAmount: 20_000),
        Case(sector: "transport", period: "2027-03", income: 1_000_000, jht: true, jkk: 5_000, jkm: 3_400, jhtAmount: 20_000),
        Case(sector: "transport", period: "2027-04", income: 1_000_000, jht: true, jkk: 10_000, jkm: 6_800, jhtAmount: 20_000),
        Case(sector: "transport", period: "2027-04", income: 1_000_000, jht: false, jkk: 10_000, jkm: 6_800, jhtAmount: 0),
        // Half-up rounding after the percentage and the discount: 1% of 1,000,100 halved is 5,000.5.
        Case(sector: "general", period: "2026-06", income: 1_000_100, jht: true, jkk: 5_001, jkm: 3_400, jhtAmount: 20_002),
        Case(sector: "transport", period: "2026-06", income: 1_000_100, jht: false, jkk: 5_001, jkm: 3_400, jhtAmount: 0),
        // Not discounted: 1% of 1,000,150 is 10,001.5 → 10,002; 2% is 20,003.
        Case(sector: "general", period: "2027-02", income: 1_000_150, jht: true, jkk: 10_002, jkm: 6_800, jhtAmount: 20_003),
        // Half of 1% of 1,000,099 is 5,000.495 → 5,000 (below half rounds down).
        Case(sector: "general", period: "2026-06", income: 1_000_099, jht: false, jkk: 5_000, jkm: 3_400, jhtAmount: 0),
    ]

    @Test("contribution at the discount boundaries and rounding edges", arguments: boundaries)
    func contribution(_ c: Case) throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let rows = try connection.query(
            "SELECT jkk, jkm, jht FROM autodebet.contribution($1, $2, $3, $4)",
            [c.sector, c.income, c.jht, c.period])
        try #require(rows.count == 1)
        #expect(try rows[0].int64("jkk") == c.jkk)
        #expect(try rows[0].int64("jkm") == c.jkm)
        #expect(try rows[0].int64("jht") == c.jhtAmount)
    }

    @Test("headline amounts: Rp 36,800 and 16,800 in full, 28,400 and 8,400 discounted")
    func headline() throws {
        let db = try TestDatabase.make()
        func total(_ sector: String, _ jht: Bool, _ period: String) throws -> Int {
            try db.count("SELECT jkk + jkm + jht FROM autodebet.contribution($1, 1000000, $2, $3)", [sector, jht, period])
        }
        #expect(try total("general", true, "2027-01") == 36_800)
        #expect(try total("general", false, "2027-01") == 16_800)
        #expect(try total("general", true, "2026-12") == 28_400)
        #expect(try total("general", false, "2026-12") == 8_400)
    }

    @Test("generation refuses a period whose tariff is missing or ambiguous (exit 4)")
    func gapRefused() throws {
        let db = try TestDatabase.make()
        let cli = CLI(db)
        #expect(try cli.run(["mandates", "import", fixture("golden/mandates.csv")]).status == 0)
        let connection = try db.connect()
        try connection.execute("""
            INSERT INTO autodebet.tariff (sector, first_period, last_period, jkk_rate_bp, jkm_amount, jht_rate_bp, regulation)
            VALUES ('transport', '2026-12', '2026-12', 100, 6800, 200, 'an overlapping rule')
            """)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try cli.run(["generate", "--period", "2026-12", "--out", dir])
        #expect(result.status == 4)
        #expect(result.stderr.contains("sector transport: 2 tariffs in force (expected exactly 1)"))
        #expect(try db.count("SELECT count(*) FROM autodebet.debit_instruction") == 0)
    }
}

import Foundation
