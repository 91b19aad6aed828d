import Foundation
import Testing
@testable import FixedWidth

@Suite struct ReturnFileEncodingTests {
    @Test func bpdABytesAtSpecifiedPositions() throws {
        let layout = try Fixtures.layout("bpd-a")
        let records = Records(try Fixtures.returnFile(layout))
        #expect(records.lines.count == 5)
        #expect(records.field(1, 1, 1) == "H")
        #expect(records.field(1, 2, 4) == "114")
        #expect(records.field(1, 5, 12) == "20261205")
        #expect(records.field(1, 13, 18) == "202612")
        #expect(records.field(1, 19, 20) == "01")
        #expect(records.field(1, 21, 24) == "0001")
        #expect(records.field(2, 2, 21) == "R2026120000001      ")
        #expect(records.field(2, 22, 37) == "0012345678      ")
        #expect(records.field(2, 38, 52) == "000000000028400")
        #expect(records.field(2, 53, 67) == "000000000028400")
        #expect(records.field(2, 68, 69) == "00")
        #expect(records.field(2, 70, 77) == "20261205")
        #expect(records.field(3, 53, 67) == "000000000000000")
        #expect(records.field(3, 68, 69) == "51")
        #expect(records.field(3, 78, 120) == "SALDO TIDAK CUKUP".padding(toLength: 43, withPad: " ", startingAt: 0))
        #expect(records.field(4, 70, 77) == "20261206")
        #expect(records.field(5, 2, 10) == "000000003")
        #expect(records.field(5, 11, 19) == "000000002")
        #expect(records.field(5, 20, 37) == "000000000000065200")
        #expect(records.field(5, 38, 46) == "000000001")
    }

    @Test func bpdBBytesAtSpecifiedPositions() throws {
        let layout = try Fixtures.layout("bpd-b")
        let bytes = try Fixtures.returnFile(layout)
        #expect(bytes.count == 5 * 202)
        let records = Records(bytes)
        #expect(records.field(1, 1, 1) == "0")
        #expect(records.field(1, 5, 12) == "05122026")
        #expect(records.field(1, 13, 18) == "122026")
        #expect(records.field(2, 1, 7) == "1000001")
        #expect(records.field(2, 8, 37) == "R2026120000001".padding(toLength: 30, withPad: " ", startingAt: 0))
        #expect(records.field(2, 38, 52) == "000000002840000")
        #expect(records.field(2, 53, 55) == "S00")
        #expect(records.field(3, 53, 55) == "F51")
        #expect(records.field(4, 56, 63) == "06122026")
        #expect(records.field(5, 2, 7) == "000003")
        #expect(records.field(5, 8, 25) == "000000000006520000")
    }

    @Test func runningTotals() throws {
        let layout = try Fixtures.layout("bpd-b")
        var encoder = try FixedWidthFileEncoder<ReturnFile>(layout: layout, header: Fixtures.returnHeader)
        var buffer: [UInt8] = []
        for detail in Fixtures.returnDetails(layout) { try encoder.encode(detail, into: &buffer) }
        #expect(encoder.trailer == ReturnFileTrailer(detailCount: 3, successCount: 2, successAmount: 65_200, failedCount: 1, totalDebited: 65_200))
    }

    @Test func refusesInconsistentDetails() throws {
        let layout = try Fixtures.layout("bpd-a")
        var encoder = try FixedWidthFileEncoder<ReturnFile>(layout: layout, header: Fixtures.returnHeader)
        var buffer: [UInt8] = []
        var detail = Fixtures.returnDetails(layout)[1]
        detail.amountDebited = 8_400   // debited on a failure
        #expect((#expect(throws: RecordEncodingError.self) { try encoder.encode(detail, into: &buffer) })?.field == "amount_debited")
        detail = Fixtures.returnDetails(layout)[1]
        detail.responseCode = "99"
        #expect((#expect(throws: RecordEncodingError.self) { try encoder.encode(detail, into: &buffer) })?.field == "response_code")
        detail = Fixtures.returnDetails(layout)[1]
        detail.outcome = .paid   // 51 means insufficient funds
        #expect(throws: RecordEncodingError.self) { try encoder.encode(detail, into: &buffer) }
        detail = Fixtures.returnDetails(layout)[1]
        detail.amountRequested = nil   // bpd-a carries it
        #expect((#expect(throws: RecordEncodingError.self) { try encoder.encode(detail, into: &buffer) })?.field == "amount_requested")
        #expect(buffer.isEmpty)
        #expect(encoder.trailer.detailCount == 0)
    }
}
