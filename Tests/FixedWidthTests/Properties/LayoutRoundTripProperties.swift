import Foundation
import PropertyBased
import Testing
import TestSupport
@testable import FixedWidth

/// Property: for every built-in layout (layouts/*.json), any valid debit or return file
/// written by the encoder reads back as what was written, field by field: the header,
/// every detail (text fields in their plain form), the trailer's totals, and no error.
/// 100 random files per layout and kind, each of 0 to 30 details.
@Suite("property: fixed-width round trip")
struct LayoutRoundTripProperties {
    static let iterations = 100
    static let layouts: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: RepositoryRoot.layouts)) ?? [])
        .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()

    @Test("there are built-in layouts to check")
    func layoutsFound() {
        #expect(Self.layouts.count >= 2)
    }

    @Test("a debit file reads back as written", arguments: layouts)
    func debitFile(_ name: String) async throws {
        let layout = try Fixtures.layout(name)
        await propertyCheck(count: Self.iterations, input: Generator { rng in DebitFileCase(layout, using: &rng) }) { file in
            let bytes = try file.bytes(layout)
            let read = try DebitRead(bytes.bytes, layout)
            #expect(read.errors.isEmpty, "\(read.errors)")
            #expect(read.summary.header == file.header)
            #expect(read.summary.trailer == bytes.trailer)
            #expect(read.details == file.expected(layout))
        }
    }

    @Test("a return file reads back as written", arguments: layouts)
    func returnFile(_ name: String) async throws {
        let layout = try Fixtures.layout(name)
        await propertyCheck(count: Self.iterations, input: Generator { rng in ReturnFileCase(layout, using: &rng) }) { file in
            let bytes = try file.bytes(layout)
            let read = try ReturnRead(bytes.bytes, layout)
            #expect(read.errors.isEmpty, "\(read.errors)")
            #expect(read.summary.header == file.header)
            #expect(read.summary.trailer == file.statedTotals(bytes.trailer, layout))
            #expect(read.details == file.expected(layout))
        }
    }
}

/// A random valid debit file for one layout.
struct DebitFileCase: Sendable, CustomStringConvertible {
    var header: DebitFileHeader
    var details: [DebitDetail]

    init(_ layout: Layout, using rng: inout some RandomNumberGenerator) {
        header = DebitFileHeader(
            bankCode: RandomValues.digits(3, using: &rng), creationDate: RandomValues.date(using: &rng),
            debitDate: RandomValues.date(using: &rng), period: RandomValues.period(using: &rng),
            attempt: Int.random(in: 1...3, using: &rng), sequence: Int.random(in: 1...9999, using: &rng))
        let record = layout.debit.detail
        let perRupiah = layout.amountUnit.perRupiah
        details = (0..<Int.random(in: 0...30, using: &rng)).map { _ in
            let jkk = RandomValues.rupiah(fitting: record.field(.jkk), perRupiah: perRupiah, using: &rng)
            let jkm = RandomValues.rupiah(fitting: record.field(.jkm), perRupiah: perRupiah, using: &rng)
            let jht = RandomValues.rupiah(fitting: record.field(.jht), perRupiah: perRupiah, using: &rng)
            return DebitDetail(
                reference: RandomValues.reference(width: record.field(.reference)!.length, using: &rng),
                accountNumber: RandomValues.digits(Int.random(in: 1...record.field(.accountNumber)!.length, using: &rng), using: &rng),
                accountName: RandomValues.name(using: &rng), amount: jkk + jkm + jht, jkk: jkk, jkm: jkm, jht: jht,
                kpj: RandomValues.digits(record.field(.kpj)?.length ?? 11, using: &rng),
                nik: RandomValues.digits(record.field(.nik)?.length ?? 16, using: &rng))
        }
    }

    func bytes(_ layout: Layout) throws -> (bytes: [UInt8], trailer: DebitFileTrailer) {
        var encoder = try FixedWidthFileEncoder<DebitFile>(layout: layout, header: header)
        var bytes: [UInt8] = []
        try encoder.encodeHeader(into: &bytes)
        for detail in details { try encoder.encode(detail, into: &bytes) }
        try encoder.encodeTrailer(into: &bytes)
        return (bytes, encoder.trailer)
    }

    /// What the reader must give: each field the layout carries, text in its plain form.
    func expected(_ layout: Layout) -> [DebitDetail] {
        let record = layout.debit.detail
        let hasParts = DebitFile.hasParts(layout)
        return details.enumerated().map { index, written in
            DebitDetail(
                line: index + 2, detailNumber: record.field(.detailNumber) == nil ? nil : index + 1,
                reference: written.reference, accountNumber: written.accountNumber,
                accountName: record.field(.accountName).map { PlainText.plain(written.accountName ?? "", width: $0.length) },
                amount: written.amount, jkk: hasParts ? written.jkk : nil, jkm: hasParts ? written.jkm : nil,
                jht: hasParts ? written.jht : nil, kpj: record.field(.kpj) == nil ? nil : written.kpj,
                nik: record.field(.nik) == nil ? nil : written.nik)
        }
    }

    var description: String { "\(header), \(details.count) details: \(details)" }
}

/// A random valid return file for one layout: any of its response codes, nothing
/// debited on a failure.
struct ReturnFileCase: Sendable, CustomStringConvertible {
    var header: ReturnFileHeader
    var details: [ReturnDetail]

    init(_ layout: Layout, using rng: inout some RandomNumberGenerator) {
        header = ReturnFileHeader(
            bankCode: RandomValues.digits(3, using: &rng), processingDate: RandomValues.date(using: &rng),
            period: RandomValues.period(using: &rng), attempt: Int.random(in: 1...3, using: &rng),
            sequence: Int.random(in: 1...9999, using: &rng))
        let record = layout.returns.detail
        let perRupiah = layout.amountUnit.perRupiah
        let codes = layout.responseCodes.values.sorted { $0.code < $1.code }
        details = (0..<Int.random(in: 0...30, using: &rng)).map { _ in
            let code = codes.randomElement(using: &rng)!
            let requested = RandomValues.rupiah(fitting: record.field(.amountRequested), perRupiah: perRupiah, using: &rng)
            return ReturnDetail(
                reference: RandomValues.reference(width: record.field(.reference)!.length, using: &rng),
                accountNumber: record.field(.accountNumber).map {
                    RandomValues.digits(Int.random(in: 1...$0.length, using: &rng), using: &rng)
                },
                amountRequested: requested,
                amountDebited: code.outcome == .paid
                    ? RandomValues.rupiah(fitting: record.field(.amountDebited), perRupiah: perRupiah, using: &rng) : 0,
                responseCode: code.code, outcome: code.outcome, processingDate: RandomValues.date(using: &rng),
                description: RandomValues.name(using: &rng))
        }
    }

    func bytes(_ layout: Layout) throws -> (bytes: [UInt8], trailer: ReturnFileTrailer) {
        var encoder = try FixedWidthFileEncoder<ReturnFile>(layout: layout, header: header)
        var bytes: [UInt8] = []
        try encoder.encodeHeader(into: &bytes)
        for detail in details { try encoder.encode(detail, into: &bytes) }
        try encoder.encodeTrailer(into: &bytes)
        return (bytes, encoder.trailer)
    }

    /// The encoder's totals that the layout's trailer states (read back; the others nil).
    func statedTotals(_ totals: ReturnFileTrailer, _ layout: Layout) -> ReturnFileTrailer {
        let trailer = layout.returns.trailer
        return ReturnFileTrailer(
            detailCount: totals.detailCount,
            successCount: trailer.field(.successCount) == nil ? nil : totals.successCount,
            successAmount: trailer.field(.successAmount) == nil ? nil : totals.successAmount,
            failedCount: trailer.field(.failedCount) == nil ? nil : totals.failedCount,
            totalDebited: trailer.field(.totalDebited) == nil ? nil : totals.totalDebited)
    }

    /// What the reader must give: absent fields nil (or the header's date), the remark in
    /// its plain form, or the code's own description when plaining leaves nothing.
    func expected(_ layout: Layout) -> [ReturnDetail] {
        let record = layout.returns.detail
        return details.enumerated().map { index, written in
            var expected = written
            expected.line = index + 2
            expected.detailNumber = record.field(.detailNumber) == nil ? nil : index + 1
            if record.field(.accountNumber) == nil { expected.accountNumber = nil }
            if record.field(.amountRequested) == nil { expected.amountRequested = nil }
            if record.field(.processingDate) == nil { expected.processingDate = header.processingDate }
            let remark = record.field(.description).map { PlainText.plain(written.description, width: $0.length) } ?? ""
            expected.description = remark.isEmpty ? layout.responseCodes[written.responseCode]!.description : remark
            return expected
        }
    }

    var description: String { "\(header), \(details.count) details: \(details)" }
}
