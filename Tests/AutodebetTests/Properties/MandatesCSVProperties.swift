@testable import Autodebet
import FixedWidth
import Foundation
import PropertyBased
import Testing

/// Property: any valid mandates file, written as RFC 4180 CSV (columns in any order, a
/// field quoted when it holds a comma or a quote, and sometimes when it need not be),
/// reads back through CSVReader, the header mapping and MandateRow's checks as exactly
/// the rows written. 200 random files of 0 to 20 rows.
@Suite("property: mandates CSV round trip")
struct MandatesCSVProperties {
    static let iterations = 200
    static let banks: Set<String> = ["110", "111", "114", "129"]
    static let today = CalendarDate(iso: "2026-11-21")!

    @Test("a mandates file reads back as written")
    func roundTrip() async throws {
        await propertyCheck(count: Self.iterations, input: Generator { rng in MandatesFile(using: &rng) }) { file in
            var reader = CSVReader(bytes: Array(file.csv.utf8))
            var problems: [InputProblem] = []
            let columns = try CSVHeader<MandateColumn>.read(&reader, expected: "the header", onProblem: { problems.append($0) })
            #expect(problems.isEmpty, "\(problems)")
            guard let columns else { return }
            var read: [MandateRow] = []
            while let record = try reader.next() {
                switch MandateRow.parse(record, columns: columns, banks: Self.banks, today: Self.today) {
                case .valid(let row): read.append(row)
                case .invalid(let rowProblems): Issue.record("line \(record.line): \(rowProblems)")
                }
            }
            #expect(read == file.rows)
        }
    }
}

/// Random valid mandate rows and their CSV text.
struct MandatesFile: Sendable, CustomStringConvertible {
    var rows: [MandateRow]
    var csv: String

    /// Names as registries send them: diacritics, commas, apostrophes, double quotes.
    static let nameCharacters: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,'\"-ÉéÑñÇçØøßÆ’李😀")
    static let referenceCharacters: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    init(using rng: inout some RandomNumberGenerator) {
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
        }
        func text(_ characters: [Character], _ length: ClosedRange<Int>) -> String {
            String((0..<Int.random(in: length, using: &rng)).map { _ in characters.randomElement(using: &rng)! })
        }
        func randomName() -> String {
            var name = ""
            while name.isEmpty { name = text(Self.nameCharacters, 1...40).trimmingSpaces }
            return name
        }
        func period(from: Int) -> Period {
            Period(year: Int.random(in: from...2030, using: &rng), month: Int.random(in: 1...12, using: &rng))!
        }
        let columns = MandateColumn.allCases.shuffled(using: &rng)
        rows = (0..<Int.random(in: 0...20, using: &rng)).map { index in
            let name = randomName()
            let start = period(from: 2020)
            let accountName = Bool.random(using: &rng) ? "" : randomName()
            return MandateRow(
                line: index + 2, mandateRef: text(Self.referenceCharacters, 1...32), kpj: digits(11), nik: digits(16),
                name: name, sector: Bool.random(using: &rng) ? "general" : "transport",
                income: Int64.random(in: MandateRow.minimumIncome...MandateRow.maximumIncome, using: &rng),
                jht: Bool.random(using: &rng), bankCode: Self.sortedBanks.randomElement(using: &rng)!,
                accountNo: digits(Int.random(in: 6...16, using: &rng)), accountName: accountName,
                signedOn: CalendarDate(daysSinceEpoch: Int.random(in: 0...20_000, using: &rng)), startPeriod: start,
                endPeriod: Bool.random(using: &rng) ? nil : Period(year: start.year + Int.random(in: 0...3, using: &rng), month: 12),
                paidThrough: Bool.random(using: &rng) ? nil : period(from: 2020),
                status: Bool.random(using: &rng) ? "active" : "revoked")
        }
        var lines = [columns.map { Self.field($0.rawValue, alwaysQuote: false) }.joined(separator: ",")]
        for row in rows {
            lines.append(columns.map { Self.field(Self.value(row, $0), alwaysQuote: Int.random(in: 0..<5, using: &rng) == 0) }
                .joined(separator: ","))
        }
        csv = lines.joined(separator: Bool.random(using: &rng) ? "\n" : "\r\n") + (Bool.random(using: &rng) ? "\n" : "")
        // An empty account name reads back as the participant's name.
        for index in rows.indices where rows[index].accountName.isEmpty { rows[index].accountName = rows[index].name }
    }

    static let sortedBanks = MandatesCSVProperties.banks.sorted()

    /// RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled.
    static func field(_ value: String, alwaysQuote: Bool) -> String {
        guard alwaysQuote || value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func value(_ row: MandateRow, _ column: MandateColumn) -> String {
        switch column {
        case .mandateRef: row.mandateRef
        case .kpj: row.kpj
        case .nik: row.nik
        case .name: row.name
        case .sector: row.sector
        case .income: String(row.income)
        case .jht: row.jht ? "Y" : "N"
        case .bankCode: row.bankCode
        case .accountNo: row.accountNo
        case .accountName: row.accountName
        case .signedOn: row.signedOn.description
        case .startPeriod: row.startPeriod.description
        case .endPeriod: row.endPeriod?.description ?? ""
        case .paidThrough: row.paidThrough?.description ?? ""
        case .status: row.status
        }
    }

    var description: String { csv }
}
