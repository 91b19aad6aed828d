import Foundation
import Testing
@testable import FixedWidth

@Suite struct DebitFileEncodingTests {
    @Test func bpdABytesAtSpecifiedPositions() throws {
        let layout = try Fixtures.layout("bpd-a")
        let bytes = try Fixtures.debitFile(layout)
        #expect(bytes.count == 5 * 121)
        #expect(!bytes.contains(ASCII.carriageReturn))
        let records = Records(bytes)
        #expect(records.lines.count == 5)
        #expect(records.lines.allSatisfy { $0.utf8.count == 120 })

        // Header
        #expect(records.field(1, 1, 1) == "H")
        #expect(records.field(1, 2, 4) == "114")
        #expect(records.field(1, 5, 12) == "20261201")
        #expect(records.field(1, 13, 20) == "20261205")
        #expect(records.field(1, 21, 26) == "202612")
        #expect(records.field(1, 27, 28) == "01")
        #expect(records.field(1, 29, 32) == "0001")
        #expect(records.field(1, 33, 42) == "BPJSTKBPU ")
        #expect(records.field(1, 43, 120) == String(repeating: " ", count: 78))

        // First detail
        #expect(records.field(2, 1, 1) == "D")
        #expect(records.field(2, 2, 21) == "R2026120000001      ")
        #expect(records.field(2, 22, 37) == "0012345678      ")
        #expect(records.field(2, 38, 67) == "NENE NOMAN CAKRA".padding(toLength: 30, withPad: " ", startingAt: 0))
        #expect(records.field(2, 68, 82) == "000000000028400")
        #expect(records.field(2, 83, 93) == "12345678901")
        #expect(records.field(2, 94, 109) == "3578012345678901")
        #expect(records.field(2, 110, 120) == String(repeating: " ", count: 11))
        #expect(records.field(3, 38, 67) == "HJ. SITI, S.PD. IBU".padding(toLength: 30, withPad: " ", startingAt: 0))
        #expect(records.field(3, 83, 93) == "00000000042")

        // Trailer: 3 details, Rp 73,600, hash 12345678 + 98765432101234 + 555000111
        #expect(records.field(5, 1, 1) == "T")
        #expect(records.field(5, 2, 10) == "000000003")
        #expect(records.field(5, 11, 28) == "000000000000073600")
        #expect(records.field(5, 29, 46) == "000098765999447023")
        #expect(records.field(5, 47, 120) == String(repeating: " ", count: 74))
    }

    @Test func bpdBBytesAtSpecifiedPositions() throws {
        let layout = try Fixtures.layout("bpd-b")
        let bytes = try Fixtures.debitFile(layout)
        #expect(bytes.count == 5 * 202)
        // Every record is 200 bytes followed by CRLF.
        for record in 0..<5 {
            #expect(bytes[record * 202 + 200] == ASCII.carriageReturn)
            #expect(bytes[record * 202 + 201] == ASCII.lineFeed)
        }
        let records = Records(bytes)
        #expect(records.lines.allSatisfy { $0.utf8.count == 200 })

        #expect(records.field(1, 1, 1) == "0")
        #expect(records.field(1, 2, 4) == "114")
        #expect(records.field(1, 5, 12) == "01122026")
        #expect(records.field(1, 13, 20) == "05122026")
        #expect(records.field(1, 21, 26) == "122026")
        #expect(records.field(1, 27, 28) == "01")
        #expect(records.field(1, 29, 32) == "0001")
        #expect(records.field(1, 33, 72) == "BPJS KETENAGAKERJAAN".padding(toLength: 40, withPad: " ", startingAt: 0))
        #expect(records.field(1, 73, 200) == String(repeating: " ", count: 128))

        #expect(records.field(2, 1, 1) == "1")
        #expect(records.field(2, 2, 7) == "000001")
        #expect(records.field(2, 8, 23) == "3578012345678901")
        #expect(records.field(2, 24, 34) == "12345678901")
        #expect(records.field(2, 35, 74) == "NENE NOMAN CAKRA".padding(toLength: 40, withPad: " ", startingAt: 0))
        #expect(records.field(2, 75, 92) == "0012345678        ")
        #expect(records.field(2, 93, 107) == "000000002840000")
        #expect(records.field(2, 108, 119) == "000000500000")
        #expect(records.field(2, 120, 131) == "000000340000")
        #expect(records.field(2, 132, 143) == "000002000000")
        #expect(records.field(2, 144, 173) == "R2026120000001".padding(toLength: 30, withPad: " ", startingAt: 0))
        #expect(records.field(2, 174, 200) == String(repeating: " ", count: 27))
        #expect(records.field(3, 2, 7) == "000002")
        #expect(records.field(4, 2, 7) == "000003")

        #expect(records.field(5, 1, 1) == "9")
        #expect(records.field(5, 2, 7) == "000003")
        #expect(records.field(5, 8, 25) == "000000000007360000")
        #expect(records.field(5, 26, 200) == String(repeating: " ", count: 175))
    }

    @Test(arguments: ["bpd-a", "bpd-b"])
    func outputIsASCII(_ name: String) throws {
        let layout = try Fixtures.layout(name)
        var detail = Fixtures.firstDetail
        detail.accountName = "王小明 Ñoman 😀 Straße\u{0}\u{7F}"
        let bytes = try Fixtures.debitFile(layout, details: [detail])
        #expect(bytes.allSatisfy { $0 < 0x80 && ($0 >= 0x20 || $0 == ASCII.lineFeed || $0 == ASCII.carriageReturn) })
        #expect(Records(bytes).field(2, name == "bpd-a" ? 38 : 35, name == "bpd-a" ? 50 : 47) == "NOMAN STRASSE")
    }

    @Test func trailerTotals() throws {
        let layout = try Fixtures.layout("bpd-b")
        var encoder = try FixedWidthFileEncoder<DebitFile>(layout: layout, header: Fixtures.debitHeader)
        var buffer: [UInt8] = []
        for detail in Fixtures.details { try encoder.encode(detail, into: &buffer) }
        #expect(encoder.trailer == DebitFileTrailer(detailCount: 3, totalAmount: 73_600, accountHash: 98_765_999_447_023))
    }

    /// 101 × 9999999999999999 = 1009999999999999899, which wraps modulo 10^18.
    @Test func accountHashWrapsModulo10To18() throws {
        let layout = try Fixtures.layout("bpd-a")
        var detail = Fixtures.firstDetail
        detail.accountNumber = "9999999999999999"
        let bytes = try Fixtures.debitFile(layout, details: Array(repeating: detail, count: 101))
        let records = Records(bytes)
        #expect(records.field(103, 29, 46) == "009999999999999899")
        var encoder = try FixedWidthFileEncoder<DebitFile>(layout: layout, header: Fixtures.debitHeader)
        var buffer: [UInt8] = []
        for _ in 1...101 { try encoder.encode(detail, into: &buffer) }
        #expect(encoder.trailer.accountHash == 9_999_999_999_999_899)
        #expect(AccountHash.value(of: Array("1234567890123456789012".utf8)) == 567_890_123_456_789_012)
        #expect(AccountHash.adding("999999999999999999", to: 999_999_999_999_999_999) == 999_999_999_999_999_998)
    }

    @Test func tooWideAmountThrowsAndAppendsNothing() throws {
        let layout = try Fixtures.layout("bpd-a")
        var encoder = try FixedWidthFileEncoder<DebitFile>(layout: layout, header: Fixtures.debitHeader)
        var buffer: [UInt8] = []
        try encoder.encode(Fixtures.firstDetail, into: &buffer)
        var detail = Fixtures.secondDetail
        detail.amount = 1_000_000_000_000_000   // 16 digits, the field has 15
        let error = #expect(throws: RecordEncodingError.self) { try encoder.encode(detail, into: &buffer) }
        #expect(error?.field == "amount")
        #expect(error?.description == "amount: value 1000000000000000 does not fit 9(15)")
        #expect(buffer.count == 121)
        #expect(encoder.trailer.detailCount == 1 && encoder.trailer.totalAmount == 28_400)
        // The largest amount that fits is written.
        detail.amount = 999_999_999_999_999
        try encoder.encode(detail, into: &buffer)
        #expect(Records(buffer).field(2, 68, 82) == "999999999999999")
    }

    /// In sen the limit is a hundred times lower.
    @Test func tooWideAmountInSen() throws {
        let layout = try Fixtures.layout("bpd-b")
        var encoder = try FixedWidthFileEncoder<DebitFile>(layout: layout, header: Fixtures.debitHeader)
        var buffer: [UInt8] = []
        let amount: Int64 = 10_000_000_000_000   // ×100 = 10^15: 16 digits
        let detail = DebitDetail(
            reference: "R1", accountNumber: "1", accountName: "A", amount: amount, jkk: amount, jkm: 0, jht: 0, kpj: "1", nik: "1")
        let error = #expect(throws: RecordEncodingError.self) { try encoder.encode(detail, into: &buffer) }
        #expect(error?.field == "amount")
        #expect(buffer.isEmpty)
    }

    @Test func invalidValuesThrowNamingTheField() throws {
        let bpdA = try Fixtures.layout("bpd-a")
        let bpdB = try Fixtures.layout("bpd-b")
        func failure(_ layout: Layout, _ change: (inout DebitDetail) -> Void) throws -> String? {
            var encoder = try FixedWidthFileEncoder<DebitFile>(layout: layout, header: Fixtures.debitHeader)
            var detail = Fixtures.firstDetail
            change(&detail)
            var buffer: [UInt8] = []
            let error = #expect(throws: RecordEncodingError.self) { try encoder.encode(detail, into: &buffer) }
            #expect(buffer.isEmpty)
            return error?.field
        }
        #expect(try failure(bpdA) { $0.amount = -1 } == "amount")
        #expect(try failure(bpdA) { $0.accountNumber = "12345678901234567" } == "account_number")   // 17 > 16
        #expect(try failure(bpdA) { $0.accountNumber = "12-345" } == "account_number")
        #expect(try failure(bpdA) { $0.accountNumber = "" } == "account_number")
        #expect(try failure(bpdA) { $0.reference = "r2026" } == "reference")
        #expect(try failure(bpdA) { $0.reference = "R 2026" } == "reference")
        #expect(try failure(bpdA) { $0.reference = String(repeating: "R", count: 21) } == "reference")
        #expect(try failure(bpdA) { $0.kpj = "123456789012" } == "kpj")
        #expect(try failure(bpdA) { $0.nik = "35780123456789AB" } == "nik")
        #expect(try failure(bpdB) { $0.jht = 19_999 } == "amount")          // parts do not add up
        #expect(try failure(bpdB) { $0.jkk = -5_000; $0.jht = 30_000 } == "jkk")
    }

    @Test func headerValuesMustFit() throws {
        let layout = try Fixtures.layout("bpd-a")
        var header = Fixtures.debitHeader
        header.bankCode = "1140"
        #expect(throws: RecordEncodingError.self) { try FixedWidthFileEncoder<DebitFile>(layout: layout, header: header) }
        header = Fixtures.debitHeader
        header.sequence = 10_000
        let error = #expect(throws: RecordEncodingError.self) { try FixedWidthFileEncoder<DebitFile>(layout: layout, header: header) }
        #expect(error?.field == "file_sequence")
    }

    /// A layout with a 2-digit detail number holds 99 details; the 100th is refused.
    @Test func capacityFollowsTheNarrowestCounter() throws {
        var json = try Fixtures.layoutJSON("bpd-b")
        var debit = json["debit"] as! [String: Any]
        var detail = debit["detail"] as! [String: Any]
        var fields = detail["fields"] as! [[String: Any]]
        fields[1] = ["name": "detail_number", "start": 2, "length": 2, "format": "9"]
        fields.insert(["name": "filler", "start": 4, "length": 4, "format": "filler"], at: 2)
        detail["fields"] = fields
        debit["detail"] = detail
        json["debit"] = debit
        json["name"] = "bpd-b-small"
        let layout = try Layout.decode(JSONSerialization.data(withJSONObject: json), source: "small.json")
        #expect(layout.debitCapacity == 99)

        var encoder = try FixedWidthFileEncoder<DebitFile>(layout: layout, header: Fixtures.debitHeader)
        var buffer: [UInt8] = []
        for _ in 1...99 { try encoder.encode(Fixtures.firstDetail, into: &buffer) }
        let error = #expect(throws: RecordEncodingError.self) { try encoder.encode(Fixtures.firstDetail, into: &buffer) }
        #expect(error?.description.contains("at most 99 details") == true)
        #expect(encoder.trailer.detailCount == 99)
    }

    @Test func fileName() {
        #expect(Fixtures.debitHeader.fileName.description == "AD_114_202612_A1_S0001.txt")
        let name = DebitFileName("AD_114_202612_A1_S0001.txt")
        #expect(name == DebitFileName(bankCode: "114", period: Fixtures.period("2026-12"), attempt: 1, sequence: 1))
        #expect(DebitFileName("AD_137_202701_A3_S0012.txt")?.sequence == 12)
        for bad in ["AD_114_202613_A1_S0001.txt", "AD_114_202612_A1_S001.txt", "AD_114_202612_A1_S0001.csv",
                    "AD_14_202612_A1_S0001.txt", "AD_114_202612_1_S0001.txt", "AD_114_202612_A01_S0001.txt",
                    "XD_114_202612_A1_S0001.txt", "AD_114_202612_A1_S0001.txt.tmp", "AD_114_202612_A1_S0001_.txt"] {
            #expect(DebitFileName(bad) == nil, "\(bad)")
        }
    }
}
