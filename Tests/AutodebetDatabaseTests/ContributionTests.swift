import Foundation
import Testing
import TestSupport

/// The BPU contribution on the tier base (PP 44/2015 Lampiran II) at every tier edge, in
/// both sectors at every edge of the PP 50/2025 discount, from the rule data the
/// migrations seed (autodebet.contribution). The expected figures are computed here from
/// product.md's formula, not read from the database.
@Suite("contribution")
struct ContributionTests {
    /// Incomes at tier edges and the base product.md gives for each.
    static let tierEdges: [(income: Int64, base: Int64)] = [
        (1_000_000, 1_000_000), (1_099_999, 1_000_000), (1_100_000, 1_200_000),
        (2_699_999, 2_600_000), (2_700_000, 2_950_000), (2_750_000, 2_950_000),
        (8_199_999, 7_950_000), (8_200_000, 8_700_000),
        (20_199_999, 19_700_000), (20_200_000, 20_700_000), (25_000_000, 20_700_000),
        (999_999_999_999, 20_700_000),
    ]

    struct Window: CustomTestStringConvertible, Sendable {
        let sector: String, period: String, discounted: Bool
        var testDescription: String { "\(sector) \(period)\(discounted ? " (discounted)" : "")" }
    }

    /// Each side of every discount boundary: general 2026-04 … 2026-12, transport 2026-01 … 2027-03.
    static let windows: [Window] = [
        Window(sector: "general", period: "2026-03", discounted: false),
        Window(sector: "general", period: "2026-04", discounted: true),
        Window(sector: "general", period: "2026-12", discounted: true),
        Window(sector: "general", period: "2027-01", discounted: false),
        Window(sector: "general", period: "2027-03", discounted: false),
        Window(sector: "general", period: "2027-04", discounted: false),
        Window(sector: "transport", period: "2025-12", discounted: false),
        Window(sector: "transport", period: "2026-01", discounted: true),
        Window(sector: "transport", period: "2026-03", discounted: true),
        Window(sector: "transport", period: "2026-04", discounted: true),
        Window(sector: "transport", period: "2026-12", discounted: true),
        Window(sector: "transport", period: "2027-01", discounted: true),
        Window(sector: "transport", period: "2027-03", discounted: true),
        Window(sector: "transport", period: "2027-04", discounted: false),
    ]

    /// product.md: JKK 1% of the base, JKM Rp 6,800, JHT 2% of the base; JKK and JKM halved
    /// when discounted; each rounded half up after the percentage and the discount.
    static func expected(base: Int64, jht: Bool, discounted: Bool) -> (jkk: Int64, jkm: Int64, jht: Int64) {
        let divisor: Int64 = discounted ? 200 : 100
        let jkk = (base * 2 + divisor) / (divisor * 2)
        return (jkk, discounted ? 3_400 : 6_800, jht ? base * 2 / 100 : 0)
    }

    @Test("tier base and parts at every tier edge, both sectors, every discount edge", arguments: windows)
    func tiers(_ window: Window) throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        defer { connection.close() }
        for (income, base) in Self.tierEdges {
            for jht in [true, false] {
                let rows = try connection.query(
                    "SELECT jkk, jkm, jht, base FROM autodebet.contribution($1, $2, $3, $4)",
                    [window.sector, income, jht, window.period])
                try #require(rows.count == 1)
                let want = Self.expected(base: base, jht: jht, discounted: window.discounted)
                let got = (try rows[0].int64("jkk"), try rows[0].int64("jkm"), try rows[0].int64("jht"), try rows[0].int64("base"))
                #expect(got == (want.jkk, want.jkm, want.jht, base), "income \(income) jht \(jht)")
            }
        }
    }

    @Test("product.md's examples: 2,750,000 pays JKK 29,500 (14,750 discounted); Rp 36,800, 16,800, 28,400, 8,400")
    func examples() throws {
        let db = try TestDatabase.make()
        func part(_ column: String, _ sector: String, _ income: Int64, _ jht: Bool, _ period: String) throws -> Int {
            try db.count("SELECT \(column) FROM autodebet.contribution($1, $2, $3, $4)", [sector, income, jht, period])
        }
        #expect(try part("jkk", "general", 2_750_000, true, "2027-01") == 29_500)
        #expect(try part("jkk", "general", 2_750_000, true, "2026-12") == 14_750)
        #expect(try part("jkk + jkm + jht", "general", 1_000_000, true, "2027-01") == 36_800)
        #expect(try part("jkk + jkm + jht", "general", 1_000_000, false, "2027-01") == 16_800)
        #expect(try part("jkk + jkm + jht", "general", 1_000_000, true, "2026-12") == 28_400)
        #expect(try part("jkk + jkm + jht", "general", 1_000_000, false, "2026-12") == 8_400)
        #expect(try part("jkk", "general", 25_000_000, true, "2027-01") == 207_000)
        #expect(try part("jht", "general", 25_000_000, true, "2027-01") == 414_000)
    }

    /// A regulation replacing the tier table from 2027-07: new rows, the old table closed.
    static let newTiers = """
        UPDATE autodebet.tier_table SET last_period = '2027-06' WHERE id = 1;
        INSERT INTO autodebet.tier_table (id, regulation, first_period) VALUES (2, 'test regulation 2027', '2027-07');
        INSERT INTO autodebet.income_tier (tier_table_id, tier, income_from, base) VALUES
            (2, 1, 0, 1100000), (2, 2, 1500000, 1600100), (2, 3, 3000000, 3500000);
        """

    @Test("a tier change by new rows takes effect from its period, and generation stores the base")
    func tierChange() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        try s.db.connect().execute(Self.newTiers)
        #expect(try s.db.count("SELECT base FROM autodebet.contribution('general', 1000000, true, '2027-06')") == 1_000_000)
        #expect(try s.db.count("SELECT base FROM autodebet.contribution('general', 1000000, true, '2027-07')") == 1_100_000)
        // Half-up rounding of a base that does not divide: 1% of 1,600,100 is 16,001 exactly;
        // 2% is 32,002; halved (a discounted transport period) 8,000.5 rounds to 8,001.
        #expect(try s.db.scalar("SELECT jkk || '/' || jht FROM autodebet.contribution('general', 2000000, true, '2027-07')") == "16001/32002")
        #expect(try s.db.scalar("SELECT base::text FROM autodebet.contribution('general', 2000000, true, '2027-02')") == "2000000")
        let generated = try s.cli.run(["generate", "--period", "2027-07", "--bank", "114", "--out", s.out],
                                      extraEnvironment: ["AUTODEBET_TODAY": "2027-06-20"])
        #expect(generated.status == 0, "\(generated.stderr)")
        // GOLD-0001 declares 1,000,000 with JHT: base 1,100,000 → 11,000 + 6,800 + 22,000.
        #expect(try s.db.scalar("""
            SELECT base || ':' || jkk || '+' || jkm || '+' || jht || '=' || amount FROM autodebet.debit_instruction
             WHERE kpj = '10000000001' AND period = '2027-07'
            """) == "1100000:11000+6800+22000=39800")
        #expect(try s.db.scalar("SELECT base::text FROM finance.collections WHERE kpj = '10000000001'") == "1100000")
    }

    @Test("transport half-up rounding on a base that does not divide: 8,000.5 → 8,001")
    func rounding() throws {
        let db = try TestDatabase.make()
        try db.connect().execute(Self.newTiers.replacingOccurrences(of: "'2027-06'", with: "'2025-12'")
            .replacingOccurrences(of: "'2027-07'", with: "'2026-01'"))
        #expect(try db.scalar("SELECT jkk || '/' || jkm || '/' || jht FROM autodebet.contribution('transport', 2000000, true, '2026-06')") == "8001/3400/32002")
        #expect(try db.scalar("SELECT jkk || '/' || jkm || '/' || jht FROM autodebet.contribution('transport', 2000000, false, '2027-04')") == "16001/6800/0")
    }

    @Test("generation refuses a period whose tariff is missing or ambiguous (exit 4)")
    func tariffGap() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        try s.db.connect().execute("""
            INSERT INTO autodebet.tariff (sector, first_period, last_period, jkk_rate_bp, jkm_amount, jht_rate_bp, regulation)
            VALUES ('transport', '2026-12', '2026-12', 100, 6800, 200, 'an overlapping rule')
            """)
        let result = try s.cli.run(["generate", "--period", "2026-12", "--out", s.out])
        #expect(result.status == 4)
        #expect(result.stderr.contains("sector transport: 2 tariffs in force (expected exactly 1)"), "\(result.stderr)")
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction") == 0)
    }

    @Test("generation refuses a period with no tier table in force, or two (exit 4)")
    func tierGap() throws {
        let s = try GoldenSetup()
        defer { s.cleanUp() }
        try s.db.connect().execute("UPDATE autodebet.tier_table SET first_period = '2027-01'")
        let none = try s.cli.run(["generate", "--period", "2026-12", "--out", s.out])
        #expect(none.status == 4)
        #expect(none.stderr.contains("income tiers: 0 tier tables in force (expected exactly 1)"), "\(none.stderr)")
        try s.db.connect().execute("""
            UPDATE autodebet.tier_table SET first_period = '2015-07';
            INSERT INTO autodebet.tier_table (regulation, first_period) VALUES ('an overlapping table', '2026-12');
            """)
        let two = try s.cli.run(["generate", "--period", "2026-12", "--out", s.out])
        #expect(two.status == 4)
        #expect(two.stderr.contains("income tiers: 2 tier tables in force (expected exactly 1)"), "\(two.stderr)")
        #expect(try s.db.count("SELECT count(*) FROM autodebet.debit_instruction") == 0)
    }

    @Test("the tier data: 33 tiers of PP 44/2015, tier 1 from 0, bases rising")
    func tierData() throws {
        let db = try TestDatabase.make()
        #expect(try db.scalar("SELECT regulation FROM autodebet.tier_table") == "PP 44/2015 Lampiran II")
        #expect(try db.count("SELECT count(*) FROM autodebet.income_tier") == 33)
        #expect(try db.count("""
            SELECT count(*) FROM (SELECT base, lag(base) OVER (ORDER BY income_from) AS prev FROM autodebet.income_tier) t
             WHERE base <= prev
            """) == 0)
        // Tier 1 must start at 0, so every income has a tier.
        let connection = try db.connect()
        #expect(throws: (any Error).self) {
            try connection.execute("INSERT INTO autodebet.income_tier VALUES (1, 34, 0, 1)")
        }
    }
}
