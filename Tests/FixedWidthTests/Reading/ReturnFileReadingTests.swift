import Foundation
import Testing
@testable import FixedWidth

/// Return-file checks, each fault alone in an otherwise valid file (header on line 1,
/// details on lines 2–4: paid, insufficient funds, paid; trailer on line 5).
@Suite struct ReturnFileReadingTests {
    func records(_ name: String) throws -> (Layout, Records) {
        let layout = try Fixtures.layout(name)
        return (layout, Records(try Fixtures.returnFile(layout)))
    }

    @Test(arguments: ["bpd-a", "bpd-b"])
    func lineEndingsAreAcceptedWhateverTheLayout(_ name: String) throws {
        let (layout, records) = try records(name)
        for ending in ["\n", "\r\n"] {
            for final in [true, false] {
                let read = try ReturnRead(records.bytes(ending: ending, finalTerminator: final), layout)
                #expect(read.errors.isEmpty, "\(read.errors)")
                #expect(read.details.count == 3)
            }
        }
        #expect(try ReturnRead(records.bytes() + [ASCII.lineFeed], layout).errors.isEmpty)
    }

    @Test func unknownResponseCode() throws {
        var (layout, records) = try records("bpd-a")
        records.replace(3, at: 68, with: "99")
        let read = try ReturnRead(records.bytes(), layout)
        #expect(read.has(line: 3, field: "response_code", "unknown response code '99'"))
        #expect(read.details.map(\.line) == [2, 4])
        // The outcome is unknown, so success and failure counts are not compared.
        #expect(read.errors.count == 1, "\(read.errors)")
    }

    @Test func debitedAmountOnAFailedCode() throws {
        var (layout, records) = try records("bpd-b")
        records.replace(3, at: 38, with: "000000000840000")
        records.replace(5, at: 8, with: "000000000007360000")   // trailer agrees, so only the rule fails
        let read = try ReturnRead(records.bytes(ending: "\r\n"), layout)
        #expect(read.errors.count == 1, "\(read.errors)")
        #expect(read.has(line: 3, field: "amount_debited", "must be 0 unless paid"))
    }

    @Test func bpdATrailerTotalsOff() throws {
        var (layout, records) = try records("bpd-a")
        records.replace(5, at: 2, with: "000000002")
        records.replace(5, at: 11, with: "000000003")
        records.replace(5, at: 20, with: "000000000000065201")
        records.replace(5, at: 38, with: "000000000")
        let read = try ReturnRead(records.bytes(), layout)
        #expect(read.errors.count == 4)
        #expect(read.has(line: 5, field: "detail_count", "trailer says 2 details, the file has 3"))
        #expect(read.has(line: 5, field: "success_count", "trailer says 3 paid details, the file has 2"))
        #expect(read.has(line: 5, field: "success_amount", "trailer says 65,201"))
        #expect(read.has(line: 5, field: "failed_count", "trailer says 0 failed details, the file has 1"))
    }

    @Test func bpdBTotalDebitedOff() throws {
        var (layout, records) = try records("bpd-b")
        records.replace(5, at: 8, with: "000000000006520100")
        let read = try ReturnRead(records.bytes(ending: "\r\n"), layout)
        #expect(read.errors.map(\.description) == ["line 5, total_debited: trailer says 65,201, the details' total amount debited is 65,200"])
    }

    @Test func structureErrors() throws {
        let (layout, records) = try records("bpd-a")
        var noHeader = records
        noHeader.lines.removeFirst()
        #expect(try ReturnRead(noHeader.bytes(), layout).has(line: 1, "missing header"))
        var twoHeaders = records
        twoHeaders.lines.insert(records[1], at: 3)
        #expect(try ReturnRead(twoHeaders.bytes(), layout).has(line: 4, "repeated header"))
        var noTrailer = records
        noTrailer.lines.removeLast()
        #expect(try ReturnRead(noTrailer.bytes(), layout).has(line: 4, "missing trailer"))
        var twoTrailers = records
        twoTrailers.lines.insert(records[5], at: 3)
        let read = try ReturnRead(twoTrailers.bytes(), layout)
        #expect(read.has(line: 5, "detail after the trailer (line 4)"))
        #expect(read.has(line: 6, "repeated trailer (the trailer is on line 4)"))
    }

    @Test func invalidDateInADetail() throws {
        var (layout, records) = try records("bpd-a")
        records.replace(2, at: 70, with: "20261232")
        let read = try ReturnRead(records.bytes(), layout)
        #expect(read.errors.map(\.description) == ["line 2, processing_date: invalid date '****1232', expected YYYYMMDD"])
    }

    @Test func senAmountNotWholeRupiah() throws {
        var (layout, records) = try records("bpd-b")
        records.replace(2, at: 38, with: "000000002840001")
        let read = try ReturnRead(records.bytes(), layout)
        #expect(read.has(line: 2, field: "amount_debited", "not a whole number of rupiah"))
    }

    @Test func blankReferenceIsAnError() throws {
        var (layout, records) = try records("bpd-a")
        records.replace(2, at: 2, with: String(repeating: " ", count: 20))
        let read = try ReturnRead(records.bytes(), layout)
        #expect(read.has(line: 2, field: "reference", "is blank"))
    }

    /// Returns import hashes exactly the bytes it reconciles: the chunks handed to
    /// `onBytes` are the file's bytes, in order, read once.
    @Test func chunksHandedOnAreTheFilesBytes() throws {
        let layout = try Fixtures.layout("bpd-b")
        let answers = Array(repeating: Fixtures.returnDetails(layout), count: 200).flatMap { $0 }
        let bytes = try Fixtures.returnFile(layout, details: answers)   // 602 × 202 bytes: several chunks
        let directory = try TemporaryDirectory()
        let path = try directory.write("RET.txt", bytes)
        var chunks: [[UInt8]] = []
        let summary = try FixedWidthFileReader<ReturnFile>.read(
            path: path, layout: layout, onBytes: { chunks.append(Array($0)) }, onDetail: { _ in },
            onError: { Issue.record("\($0)") })
        #expect(summary.isValid && summary.detailCount == 600)
        #expect(chunks.count > 1)
        #expect(chunks.flatMap { $0 } == bytes)
    }

    /// A read that fails mid-file is an error: the file is not taken as ending there.
    @Test func readErrorMidFileThrows() throws {
        let layout = try Fixtures.layout("bpd-a")
        let firstTwoLines = Array(try Fixtures.returnFile(layout).prefix(2 * 121 + 8))
        var details = 0
        let error = #expect(throws: FileReadError.self) {
            try FixedWidthFileReader<ReturnFile>.read(
                FailingSource(prefix: firstTwoLines), layout: layout, onDetail: { _ in details += 1 }, onError: { _ in })
        }
        #expect(error?.message == "Input/output error")
        #expect(details == 1)
    }
}
