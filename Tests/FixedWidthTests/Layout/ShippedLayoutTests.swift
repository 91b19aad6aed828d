import Foundation
import Testing
@testable import FixedWidth

/// The shipped layout files against layouts.md, transcribed here independently:
/// (field, first position, last position, format[, constant]).
@Suite struct ShippedLayoutTests {
    typealias Row = (name: String, start: Int, end: Int, format: String, value: String?)

    static let bpdA: [String: [Row]] = [
        "debit header": [
            ("record_type", 1, 1, "X", "H"), ("bank_code", 2, 4, "9", nil), ("creation_date", 5, 12, "YYYYMMDD", nil),
            ("debit_date", 13, 20, "YYYYMMDD", nil), ("period", 21, 26, "YYYYMM", nil), ("attempt", 27, 28, "9", nil),
            ("file_sequence", 29, 32, "9", nil), ("originator", 33, 42, "X", "BPJSTKBPU"), ("filler", 43, 120, "filler", nil),
        ],
        "debit detail": [
            ("record_type", 1, 1, "X", "D"), ("reference", 2, 21, "X", nil), ("account_number", 22, 37, "X", nil),
            ("account_name", 38, 67, "X", nil), ("amount", 68, 82, "amount", nil), ("kpj", 83, 93, "9", nil),
            ("nik", 94, 109, "9", nil), ("filler", 110, 120, "filler", nil),
        ],
        "debit trailer": [
            ("record_type", 1, 1, "X", "T"), ("detail_count", 2, 10, "9", nil), ("total_amount", 11, 28, "amount", nil),
            ("account_hash", 29, 46, "9", nil), ("filler", 47, 120, "filler", nil),
        ],
        "return header": [
            ("record_type", 1, 1, "X", "H"), ("bank_code", 2, 4, "9", nil), ("processing_date", 5, 12, "YYYYMMDD", nil),
            ("period", 13, 18, "YYYYMM", nil), ("attempt", 19, 20, "9", nil), ("file_sequence", 21, 24, "9", nil),
            ("filler", 25, 120, "filler", nil),
        ],
        "return detail": [
            ("record_type", 1, 1, "X", "D"), ("reference", 2, 21, "X", nil), ("account_number", 22, 37, "X", nil),
            ("amount_requested", 38, 52, "amount", nil), ("amount_debited", 53, 67, "amount", nil),
            ("response_code", 68, 69, "X", nil), ("processing_date", 70, 77, "YYYYMMDD", nil), ("description", 78, 120, "X", nil),
        ],
        "return trailer": [
            ("record_type", 1, 1, "X", "T"), ("detail_count", 2, 10, "9", nil), ("success_count", 11, 19, "9", nil),
            ("success_amount", 20, 37, "amount", nil), ("failed_count", 38, 46, "9", nil), ("filler", 47, 120, "filler", nil),
        ],
    ]

    static let bpdB: [String: [Row]] = [
        "debit header": [
            ("record_type", 1, 1, "X", "0"), ("bank_code", 2, 4, "9", nil), ("creation_date", 5, 12, "DDMMYYYY", nil),
            ("debit_date", 13, 20, "DDMMYYYY", nil), ("period", 21, 26, "MMYYYY", nil), ("attempt", 27, 28, "9", nil),
            ("file_sequence", 29, 32, "9", nil), ("originator", 33, 72, "X", "BPJS KETENAGAKERJAAN"),
            ("filler", 73, 200, "filler", nil),
        ],
        "debit detail": [
            ("record_type", 1, 1, "X", "1"), ("detail_number", 2, 7, "9", nil), ("nik", 8, 23, "9", nil), ("kpj", 24, 34, "9", nil),
            ("account_name", 35, 74, "X", nil), ("account_number", 75, 92, "X", nil), ("amount", 93, 107, "amount", nil),
            ("jkk", 108, 119, "amount", nil), ("jkm", 120, 131, "amount", nil), ("jht", 132, 143, "amount", nil),
            ("reference", 144, 173, "X", nil), ("filler", 174, 200, "filler", nil),
        ],
        "debit trailer": [
            ("record_type", 1, 1, "X", "9"), ("detail_count", 2, 7, "9", nil), ("total_amount", 8, 25, "amount", nil),
            ("filler", 26, 200, "filler", nil),
        ],
        "return header": [
            ("record_type", 1, 1, "X", "0"), ("bank_code", 2, 4, "9", nil), ("processing_date", 5, 12, "DDMMYYYY", nil),
            ("period", 13, 18, "MMYYYY", nil), ("attempt", 19, 20, "9", nil), ("file_sequence", 21, 24, "9", nil),
            ("filler", 25, 200, "filler", nil),
        ],
        "return detail": [
            ("record_type", 1, 1, "X", "1"), ("detail_number", 2, 7, "9", nil), ("reference", 8, 37, "X", nil),
            ("amount_debited", 38, 52, "amount", nil), ("response_code", 53, 55, "X", nil),
            ("processing_date", 56, 63, "DDMMYYYY", nil), ("description", 64, 113, "X", nil), ("filler", 114, 200, "filler", nil),
        ],
        "return trailer": [
            ("record_type", 1, 1, "X", "9"), ("detail_count", 2, 7, "9", nil), ("total_debited", 8, 25, "amount", nil),
            ("filler", 26, 200, "filler", nil),
        ],
    ]

    static let bpdACodes: [String: OutcomeClass] = [
        "00": .paid, "51": .insufficientFunds, "61": .insufficientFunds, "14": .accountInvalid, "62": .accountInvalid,
        "78": .accountInvalid, "57": .mandateInvalid, "91": .temporary, "96": .temporary, "05": .rejected, "13": .rejected,
    ]

    static let bpdBCodes: [String: OutcomeClass] = [
        "S00": .paid, "F51": .insufficientFunds, "F61": .insufficientFunds, "F14": .accountInvalid, "F62": .accountInvalid,
        "F78": .accountInvalid, "F57": .mandateInvalid, "F91": .temporary, "F96": .temporary, "F05": .rejected, "F13": .rejected,
    ]

    func check(_ layout: Layout, against table: [String: [Row]]) {
        for kind in FileKind.allCases {
            for role in RecordRole.allCases {
                let record = layout.file(kind).record(role)
                let rows = table["\(kind) \(role)"]!
                let actual = record.fields.map { ($0.name.rawValue, $0.start, $0.end, $0.format.layoutName, $0.value) as Row }
                #expect(actual.count == rows.count, "\(kind) \(role)")
                for (found, expected) in zip(actual, rows) {
                    #expect(found == expected, "\(kind) \(role)")
                }
                #expect(record.recordType == rows[0].value)
            }
        }
    }

    @Test func bpdAMatchesTheSpecification() throws {
        let layout = try Fixtures.layout("bpd-a")
        #expect(layout.name == "bpd-a")
        #expect(layout.recordLength == 120)
        #expect(layout.lineEnding == .lf)
        #expect(layout.amountUnit == .rupiah)
        check(layout, against: Self.bpdA)
        #expect(layout.responseCodes.mapValues(\.outcome) == Self.bpdACodes)
        #expect(layout.responseCodes.values.allSatisfy { !$0.description.isEmpty })
    }

    @Test func bpdBMatchesTheSpecification() throws {
        let layout = try Fixtures.layout("bpd-b")
        #expect(layout.name == "bpd-b")
        #expect(layout.recordLength == 200)
        #expect(layout.lineEnding == .crlf)
        #expect(layout.amountUnit == .sen)
        check(layout, against: Self.bpdB)
        #expect(layout.responseCodes.mapValues(\.outcome) == Self.bpdBCodes)
    }

    @Test func debitCapacity() throws {
        #expect(try Fixtures.layout("bpd-b").debitCapacity == 999_999)
        #expect(try Fixtures.layout("bpd-a").debitCapacity == 999_999_999)
    }

    @Test func fieldLookup() throws {
        let layout = try Fixtures.layout("bpd-a")
        let amount = try #require(layout.debit.detail.field(.amount))
        #expect(amount.start == 68 && amount.length == 15 && amount.format == .amount)
        #expect(layout.debit.detail.field(.jkk) == nil)
        #expect(amount.description == "amount 68–82 9(15)")
    }

    @Test func catalogLoadsTheLayoutsDirectory() throws {
        let catalog = try LayoutCatalog(directories: [Fixtures.layoutsDirectory])
        #expect(catalog.names == ["bpd-a", "bpd-b"])
        #expect(try catalog.layout(named: "bpd-b").recordLength == 200)
        let error = #expect(throws: LayoutCatalogError.self) { try catalog.layout(named: "bpd-z") }
        #expect(error?.description == "unknown layout 'bpd-z' (known layouts: bpd-a, bpd-b)")
    }

    @Test func catalogRejectsDuplicateNames() throws {
        let directory = try TemporaryDirectory()
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Fixtures.layoutPath("bpd-a"))))
        let first = try directory.write("a-one.json", bytes)
        let second = try directory.write("a-two.json", bytes)
        let error = #expect(throws: LayoutCatalogError.self) { try LayoutCatalog(directories: [directory.path]) }
        let message = error?.description ?? ""
        #expect(message.contains("'bpd-a'") && message.contains(first) && message.contains(second), "\(message)")
    }

    @Test func catalogReportsEveryBrokenFile() throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write("broken.json", Array("{ \"name\": \"x\" }".utf8))
        _ = try directory.write("not-json.json", Array("{".utf8))
        _ = try directory.write("README.txt", Array("ignored".utf8))
        let error = #expect(throws: LayoutCatalogError.self) { try LayoutCatalog(directories: [directory.path]) }
        guard case .invalidLayouts(let errors)? = error else {
            Issue.record("expected invalidLayouts, got \(String(describing: error))")
            return
        }
        #expect(errors.map { ($0.source as NSString).lastPathComponent } == ["broken.json", "not-json.json"])
        #expect(errors[1].problems.first?.hasPrefix("not valid JSON") == true)
    }

    /// A layout file that cannot be read is reported with the system's reason. Reading a
    /// directory fails for every user, root included.
    @Test func catalogNamesWhyAFileCannotBeRead() throws {
        let directory = try TemporaryDirectory()
        let unreadable = directory.path + "/bpd-x.json"
        try FileManager.default.createDirectory(atPath: unreadable, withIntermediateDirectories: false)
        let error = #expect(throws: LayoutCatalogError.self) { try LayoutCatalog(directories: [directory.path]) }
        #expect(error?.description == "layout \(unreadable): 1 problem:\n  - cannot be read: Is a directory")
    }

    @Test(.enabled(if: getuid() != 0, "root reads files whatever their permission bits"))
    func catalogNamesAPermissionError() throws {
        let directory = try TemporaryDirectory()
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Fixtures.layoutPath("bpd-a"))))
        let locked = try directory.write("bpd-a.json", bytes)
        #expect(chmod(locked, 0) == 0)
        let error = #expect(throws: LayoutCatalogError.self) { try LayoutCatalog(directories: [directory.path]) }
        #expect(error?.description == "layout \(locked): 1 problem:\n  - cannot be read: Permission denied")
    }
}
