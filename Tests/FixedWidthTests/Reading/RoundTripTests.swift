import FixedWidth
import Foundation
import Testing
@testable import FixedWidth

@Suite struct RoundTripTests {
    @Test(arguments: ["bpd-a", "bpd-b"])
    func debitFileReadsBackUnchanged(_ name: String) throws {
        let layout = try Fixtures.layout(name)
        let details = Fixtures.generatedDetails(250)
        var encoder = try FixedWidthFileEncoder<DebitFile>(layout: layout, header: Fixtures.debitHeader)
        var bytes: [UInt8] = []
        try encoder.encodeHeader(into: &bytes)
        for detail in details { try encoder.encode(detail, into: &bytes) }
        try encoder.encodeTrailer(into: &bytes)

        // Through a real file, as in production.
        let directory = try TemporaryDirectory()
        let path = try directory.write(Fixtures.debitHeader.fileName.description, bytes)
        var read: [DebitDetail] = []
        var errors: [InputProblem] = []
        let summary = try FixedWidthFileReader<DebitFile>.read(path: path, layout: layout, onDetail: { read.append($0) }, onError: { errors.append($0) })

        #expect(errors.isEmpty, "\(errors)")
        #expect(summary.isValid)
        #expect(summary.header == Fixtures.debitHeader)
        #expect(summary.trailer == encoder.trailer)
        #expect(summary.detailCount == details.count)
        #expect(summary.totalAmount == encoder.trailer.totalAmount)
        #expect(summary.accountHash == encoder.trailer.accountHash)
        #expect(summary.lineCount == details.count + 2)
        #expect(read.count == details.count)

        let hasParts = name == "bpd-b"
        for (index, (written, decoded)) in zip(details, read).enumerated() {
            let expected = DebitDetail(
                line: index + 2, detailNumber: hasParts ? index + 1 : nil, reference: written.reference,
                accountNumber: written.accountNumber,
                accountName: written.accountName.map { PlainText.plain($0, width: hasParts ? 40 : 30) }, amount: written.amount,
                jkk: hasParts ? written.jkk : nil, jkm: hasParts ? written.jkm : nil, jht: hasParts ? written.jht : nil,
                kpj: written.kpj, nik: written.nik)
            #expect(decoded == expected)
        }
    }

    @Test(arguments: ["bpd-a", "bpd-b"])
    func returnFileReadsBackUnchanged(_ name: String) throws {
        let layout = try Fixtures.layout(name)
        let details = Fixtures.returnDetails(layout)
        let read = try ReturnRead(try Fixtures.returnFile(layout), layout)
        #expect(read.errors.isEmpty, "\(read.errors)")
        #expect(read.summary.header == Fixtures.returnHeader)
        #expect(read.summary.detailCount == 3)
        #expect(read.summary.successCount == 2 && read.summary.failedCount == 1)
        #expect(read.summary.successAmount == 65_200 && read.summary.totalDebited == 65_200)
        if name == "bpd-a" {
            #expect(read.summary.trailer == ReturnFileTrailer(detailCount: 3, successCount: 2, successAmount: 65_200, failedCount: 1))
        } else {
            #expect(read.summary.trailer == ReturnFileTrailer(detailCount: 3, totalDebited: 65_200))
        }
        for (index, (written, decoded)) in zip(details, read.details).enumerated() {
            var expected = written
            expected.line = index + 2
            if name == "bpd-a" {
                expected.detailNumber = nil
            } else {
                expected.accountNumber = nil
                expected.amountRequested = nil
            }
            #expect(decoded == expected)
        }
    }

    /// A blank remark reads back as the layout's description of the code.
    @Test func blankRemarkFallsBackToTheCodeDescription() throws {
        let layout = try Fixtures.layout("bpd-b")
        var details = Fixtures.returnDetails(layout)
        details[1].description = ""
        let read = try ReturnRead(try Fixtures.returnFile(layout, details: details), layout)
        #expect(read.details[1].description == "insufficient funds")
    }
}
