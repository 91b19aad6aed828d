@testable import Autodebet
import FixedWidth
import Testing

@Suite("mandate row rules")
struct MandateRowTests {
    static let columns = Dictionary(uniqueKeysWithValues: MandateColumn.allCases.enumerated().map { ($1, $0) })
    static let valid = ["M-1", "10000000001", "3578014105900001", "  Siti  Aminah ", "general", "1000000", "Y",
                        "114", "0012345678", "", "2025-01-10", "2025-02", "", "2026-03", "active"]

    func parse(_ change: [MandateColumn: String] = [:]) -> MandateRow.Parsed {
        var fields = Self.valid
        for (column, value) in change { fields[Self.columns[column]!] = value }
        return MandateRow.parse(CSVRecord(line: 7, fields: fields), columns: Self.columns, banks: ["114"],
                                today: CalendarDate(iso: "2026-11-21")!)
    }

    @Test("a valid row: trimmed name, account name defaulting to it, periods parsed")
    func valid() {
        guard case .valid(let row) = parse() else { Issue.record("expected a valid row"); return }
        #expect(row.name == "Siti  Aminah")
        #expect(row.accountName == "Siti  Aminah")
        #expect(row.income == 1_000_000)
        #expect(row.jht)
        #expect(row.paidThrough == Period("2026-03"))
        #expect(row.endPeriod == nil)
    }

    @Test("problems carry line, column, masked value and reason")
    func masked() {
        guard case .invalid(let problems) = parse([.nik: "12345678", .accountNo: "12a456789"]) else {
            Issue.record("expected problems"); return
        }
        #expect(problems.map(\.description) == [
            "line 7, nik '****5678': must be 16 digits",
            "line 7, account_no '*****6789': must be 6 to 16 digits",
        ])
    }

    @Test("income bounds", arguments: [("999999", false), ("1000000", true), ("999999999999", true), ("1000000000000", false), ("-1000000", false)])
    func income(_ value: String, _ ok: Bool) {
        let result = parse([.income: value])
        if case .valid = result { #expect(ok) } else { #expect(!ok) }
    }

    @Test("a name with control characters is refused")
    func controlCharacters() {
        guard case .invalid(let problems) = parse([.name: "Siti\u{0}Aminah"]) else { Issue.record("expected a problem"); return }
        #expect(problems.first?.message == "contains control characters")
    }
}
