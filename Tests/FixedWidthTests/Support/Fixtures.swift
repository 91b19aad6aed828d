import FixedWidth
import Foundation
import Testing
import TestSupport
@testable import FixedWidth

/// Shared test data: the shipped layouts, sample headers and details, and helpers to
/// look at records by the 1-based positions of layouts.md.
enum Fixtures {
    /// `<repo>/layouts`, found from this source file (the scratch package may reach it
    /// through a symlink, so links are resolved first).
    static let layoutsDirectory = RepositoryRoot.layouts

    static func layoutPath(_ name: String) -> String {
        (layoutsDirectory as NSString).appendingPathComponent("\(name).json")
    }

    static func layout(_ name: String) throws -> Layout {
        try Layout.load(path: layoutPath(name))
    }

    static func layoutJSON(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: layoutPath(name)))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
    static func period(_ text: String) -> Period { Period(text)! }

    static let debitHeader = DebitFileHeader(
        bankCode: "114", creationDate: date("2026-12-01"), debitDate: date("2026-12-05"),
        period: period("2026-12"), attempt: 1, sequence: 1)

    /// Rp 28,400 = JKK 5,000 + JKM 3,400 + JHT 20,000 (minimum income, discounted).
    static let firstDetail = DebitDetail(
        reference: "R2026120000001", accountNumber: "0012345678", accountName: "Néné Ñoman Çakra",
        amount: 28_400, jkk: 5_000, jkm: 3_400, jht: 20_000, kpj: "12345678901", nik: "3578012345678901")

    static let secondDetail = DebitDetail(
        reference: "R2026120000002", accountNumber: "98765432101234", accountName: "Hj. Siti, S.Pd. (Ibu)",
        amount: 8_400, jkk: 5_000, jkm: 3_400, jht: 0, kpj: "00000000042", nik: "3173000000000001")

    static let thirdDetail = DebitDetail(
        reference: "R2026120000003", accountNumber: "555000111", accountName: "Budi Santoso",
        amount: 36_800, jkk: 10_000, jkm: 6_800, jht: 20_000, kpj: "22222222222", nik: "3201000000000002")

    static let details = [firstDetail, secondDetail, thirdDetail]

    /// Varied details for round trips: names with diacritics and punctuation, accounts
    /// with leading zeros, both discounted and full contributions.
    static func generatedDetails(_ count: Int) -> [DebitDetail] {
        let names = ["Néné Ñoman", "Øystein Łukasz", "Hj. Siti, S.Pd.", "I Gusti Ngurah Rai", "Иван Budi", "O'Neil-Putra"]
        return (1...count).map { index in
            let jht: Int64 = index % 3 == 0 ? 0 : 20_000
            let discounted = index % 2 == 0
            let jkk: Int64 = discounted ? 5_000 : 10_000
            let jkm: Int64 = discounted ? 3_400 : 6_800
            return DebitDetail(
                reference: "R2026120" + Digits.padded(index, 7), accountNumber: "00" + Digits.padded(index * 7919, 10),
                accountName: names[index % names.count] + " \(index)", amount: jkk + jkm + jht,
                jkk: jkk, jkm: jkm, jht: jht, kpj: Digits.padded(index, 11), nik: "35780" + Digits.padded(index, 11))
        }
    }

    /// A whole debit file: header, details, trailer.
    static func debitFile(_ layout: Layout, header: DebitFileHeader = debitHeader, details: [DebitDetail] = details) throws -> [UInt8] {
        var encoder = try FixedWidthFileEncoder<DebitFile>(layout: layout, header: header)
        var buffer: [UInt8] = []
        try encoder.encodeHeader(into: &buffer)
        for detail in details { try encoder.encode(detail, into: &buffer) }
        try encoder.encodeTrailer(into: &buffer)
        return buffer
    }

    static let returnHeader = ReturnFileHeader(
        bankCode: "114", processingDate: date("2026-12-05"), period: period("2026-12"), attempt: 1, sequence: 1)

    /// Answers to the three sample details: paid, insufficient funds, paid.
    static func returnDetails(_ layout: Layout) -> [ReturnDetail] {
        let paid = layout.paidCodes[0]
        let broke = layout.codes(for: .insufficientFunds)[0]
        return [
            ReturnDetail(
                detailNumber: 1, reference: "R2026120000001", accountNumber: "0012345678", amountRequested: 28_400,
                amountDebited: 28_400, responseCode: paid, outcome: .paid, processingDate: date("2026-12-05"),
                description: "PAID"),
            ReturnDetail(
                detailNumber: 2, reference: "R2026120000002", accountNumber: "98765432101234", amountRequested: 8_400,
                amountDebited: 0, responseCode: broke, outcome: .insufficientFunds, processingDate: date("2026-12-05"),
                description: "SALDO TIDAK CUKUP"),
            ReturnDetail(
                detailNumber: 3, reference: "R2026120000003", accountNumber: "555000111", amountRequested: 36_800,
                amountDebited: 36_800, responseCode: paid, outcome: .paid, processingDate: date("2026-12-06"),
                description: "PAID"),
        ]
    }

    static func returnFile(_ layout: Layout, details: [ReturnDetail]? = nil) throws -> [UInt8] {
        var encoder = try FixedWidthFileEncoder<ReturnFile>(layout: layout, header: returnHeader)
        var buffer: [UInt8] = []
        try encoder.encodeHeader(into: &buffer)
        for detail in details ?? returnDetails(layout) { try encoder.encode(detail, into: &buffer) }
        try encoder.encodeTrailer(into: &buffer)
        return buffer
    }
}

/// Records as text lines, for tests that look at or alter single records.
struct Records {
    var lines: [String]

    /// Splits a file on LF, dropping CRs and the empty tail after the last terminator.
    /// (Bytes, not `Character`s: in a Swift string CRLF is one character.)
    init(_ bytes: [UInt8]) {
        var lines = bytes.split(separator: ASCII.lineFeed, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == ASCII.carriageReturn ? line.dropLast() : line, as: UTF8.self)
        }
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
    }

    init(lines: [String]) {
        self.lines = lines
    }

    /// The 1-based line `number`.
    subscript(number: Int) -> String {
        get { lines[number - 1] }
        set { lines[number - 1] = newValue }
    }

    /// Bytes `start…end` (1-based, inclusive) of line `number`.
    func field(_ number: Int, _ start: Int, _ end: Int) -> String {
        let line = Array(lines[number - 1].utf8)
        return String(decoding: line[(start - 1)..<end], as: UTF8.self)
    }

    /// Replaces bytes `start…` of line `number` with `text` (same length).
    mutating func replace(_ number: Int, at start: Int, with text: String) {
        var line = Array(lines[number - 1].utf8)
        line.replaceSubrange((start - 1)..<(start - 1 + text.utf8.count), with: Array(text.utf8))
        lines[number - 1] = String(decoding: line, as: UTF8.self)
    }

    func bytes(ending: String = "\n", finalTerminator: Bool = true) -> [UInt8] {
        var text = lines.joined(separator: ending)
        if finalTerminator && !lines.isEmpty { text += ending }
        return Array(text.utf8)
    }
}

/// The result of reading a file in a test: everything the callbacks received.
struct DebitRead {
    var summary: FixedWidthFileSummary<DebitFile>
    var details: [DebitDetail]
    var errors: [InputProblem]

    init(_ bytes: [UInt8], _ layout: Layout) throws {
        var details: [DebitDetail] = []
        var errors: [InputProblem] = []
        summary = try FixedWidthFileReader<DebitFile>.read(bytes: bytes, layout: layout, onDetail: { details.append($0) }, onError: { errors.append($0) })
        self.details = details
        self.errors = errors
    }

    /// Whether an error on `line` (and `field`, if given) mentions `text`.
    func has(line: Int?, field: String? = nil, _ text: String) -> Bool {
        errors.contains { $0.line == line && (field == nil || $0.field == field) && $0.message.contains(text) }
    }
}

struct ReturnRead {
    var summary: FixedWidthFileSummary<ReturnFile>
    var details: [ReturnDetail]
    var errors: [InputProblem]

    init(_ bytes: [UInt8], _ layout: Layout) throws {
        var details: [ReturnDetail] = []
        var errors: [InputProblem] = []
        summary = try FixedWidthFileReader<ReturnFile>.read(bytes: bytes, layout: layout, onDetail: { details.append($0) }, onError: { errors.append($0) })
        self.details = details
        self.errors = errors
    }

    func has(line: Int?, field: String? = nil, _ text: String) -> Bool {
        errors.contains { $0.line == line && (field == nil || $0.field == field) && $0.message.contains(text) }
    }
}

/// A temporary directory removed when the test is done with it.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "fixedwidth-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }
}
