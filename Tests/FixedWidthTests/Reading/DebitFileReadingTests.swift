import FixedWidth
import Foundation
import Testing
@testable import FixedWidth

/// Each fault of layouts.md's reading rules, alone in an otherwise valid debit file
/// (header on line 1, three details on lines 2–4, trailer on line 5).
@Suite struct DebitFileReadingTests {
    func records(_ name: String) throws -> (Layout, Records) {
        let layout = try Fixtures.layout(name)
        return (layout, Records(try Fixtures.debitFile(layout)))
    }

    @Test(arguments: ["bpd-a", "bpd-b"])
    func lineEndingsAreAcceptedWhateverTheLayout(_ name: String) throws {
        let (layout, records) = try records(name)
        for ending in ["\n", "\r\n"] {
            for final in [true, false] {
                let read = try DebitRead(records.bytes(ending: ending, finalTerminator: final), layout)
                #expect(read.errors.isEmpty, "\(name) \(ending.debugDescription) final: \(final): \(read.errors)")
                #expect(read.details.count == 3)
            }
        }
        // Mixed within one file, too.
        var mixed = Array((records.lines[0] + "\r\n" + records.lines[1] + "\n").utf8)
        mixed += records.bytes(ending: "\r\n").dropFirst(2 * (layout.recordLength + 2))
        #expect(try DebitRead(mixed, layout).errors.isEmpty)
    }

    @Test func finalEmptyLineIsIgnoredOtherEmptyLinesAreNot() throws {
        let (layout, records) = try records("bpd-a")
        #expect(try DebitRead(records.bytes() + [ASCII.lineFeed], layout).errors.isEmpty)
        #expect(try DebitRead(records.bytes(ending: "\r\n") + [ASCII.carriageReturn, ASCII.lineFeed], layout).errors.isEmpty)

        let twoEmpty = try DebitRead(records.bytes() + [ASCII.lineFeed, ASCII.lineFeed], layout)
        #expect(twoEmpty.errors.count == 1)
        #expect(twoEmpty.has(line: 6, "wrong record length 0, expected 120"))

        var inner = records
        inner.lines.insert("", at: 2)
        let read = try DebitRead(inner.bytes(), layout)
        #expect(read.errors.map(\.description) == ["line 3: wrong record length 0, expected 120"])
    }

    @Test func wrongRecordLength() throws {
        var (layout, records) = try records("bpd-a")
        records[3] = String(records[3].dropLast())
        let read = try DebitRead(records.bytes(), layout)
        #expect(read.has(line: 3, "wrong record length 119, expected 120"))
        #expect(read.details.count == 2)
        #expect(read.has(line: 5, field: "detail_count", "trailer says 3 details, the file has 2"))
    }

    @Test func unknownRecordType() throws {
        var (layout, records) = try records("bpd-b")
        records.replace(3, at: 1, with: "7")
        let read = try DebitRead(records.bytes(ending: "\r\n"), layout)
        #expect(read.has(line: 3, "unknown record type '7'"))
    }

    @Test func nonDigitInNumericField() throws {
        var (layout, records) = try records("bpd-a")
        records.replace(3, at: 75, with: "A")
        records.replace(4, at: 90, with: " ")   // KPJ
        let read = try DebitRead(records.bytes(), layout)
        #expect(read.errors.first?.description == "line 3, amount: non-digit in amount field (68–82, 9(15))")
        #expect(read.has(line: 4, field: "kpj", "non-digit in numeric field (83–93, 9(11))"))
        #expect(read.details.map(\.line) == [2])
        // The total cannot be known, so it is not reported as a mismatch.
        #expect(!read.errors.contains { $0.field == "total_amount" })
    }

    @Test func invalidDateAndPeriod() throws {
        var (layout, records) = try records("bpd-b")
        records.replace(1, at: 13, with: "30022026")   // DDMMYYYY: 30 February
        records.replace(1, at: 21, with: "132026")     // MMYYYY: month 13
        let read = try DebitRead(records.bytes(), layout)
        #expect(read.has(line: 1, field: "debit_date", "invalid date '30022026', expected DDMMYYYY"))
        #expect(read.has(line: 1, field: "period", "invalid period '132026', expected MMYYYY"))
        #expect(read.summary.header == nil)
    }

    @Test func constantsFillersAndTextChecked() throws {
        var (layout, records) = try records("bpd-a")
        records.replace(1, at: 33, with: "BPJSTKBPX")
        records.replace(2, at: 115, with: "X")
        records.replace(3, at: 40, with: "\u{1}")
        let read = try DebitRead(records.bytes(), layout)
        #expect(read.has(line: 1, field: "originator", "expected 'BPJSTKBPU ', found 'BPJSTKBPX '"))
        #expect(read.has(line: 2, field: "filler", "filler must be spaces"))
        #expect(read.has(line: 3, field: "account_name", "non-printable"))
    }

    @Test func missingHeader() throws {
        var (layout, records) = try records("bpd-a")
        records.lines.removeFirst()
        let read = try DebitRead(records.bytes(), layout)
        #expect(read.has(line: 1, "missing header"))
        #expect(read.summary.header == nil)
    }

    @Test func repeatedHeader() throws {
        var (layout, records) = try records("bpd-a")
        records.lines.insert(records[1], at: 2)
        let read = try DebitRead(records.bytes(), layout)
        #expect(read.has(line: 3, "repeated header (the header is on line 1)"))
    }

    @Test func headerNotOnLineOne() throws {
        var (layout, records) = try records("bpd-a")
        records.lines.swapAt(0, 1)
        let read = try DebitRead(records.bytes(), layout)
        #expect(read.has(line: 1, "missing header"))
        #expect(read.has(line: 2, "must be the first record"))
    }

    @Test func missingTrailer() throws {
        var (layout, records) = try records("bpd-a")
        records.lines.removeLast()
        let read = try DebitRead(records.bytes(), layout)
        #expect(read.errors.map(\.description) == ["line 4: missing trailer: the file ends without a trailer record"])
        #expect(read.summary.trailer == nil)
    }

    @Test func repeatedTrailer() throws {
        var (layout, records) = try records("bpd-a")
        records.lines.append(records[5])
        let read = try DebitRead(records.bytes(), layout)
        #expect(read.errors.map(\.description) == ["line 6: repeated trailer (the trailer is on line 5)"])
    }

    @Test func detailAfterTrailer() throws {
        var (layout, records) = try records("bpd-b")
        records.lines.append(records[4])
        let read = try DebitRead(records.bytes(ending: "\r\n"), layout)
        #expect(read.has(line: 6, "detail after the trailer (line 5)"))
        #expect(read.has(line: 6, field: "detail_number", "detail number 3, expected 4"))
        #expect(read.has(line: 5, field: "detail_count", "trailer says 3 details, the file has 4"))
    }

    @Test func controlTotalsOff() throws {
        var (layout, records) = try records("bpd-a")
        records.replace(5, at: 2, with: "000000004")
        records.replace(5, at: 11, with: "000000000000073601")
        records.replace(5, at: 29, with: "000098765999447024")
        let read = try DebitRead(records.bytes(), layout)
        #expect(read.errors.count == 3)
        #expect(read.has(line: 5, field: "detail_count", "trailer says 4 details, the file has 3"))
        #expect(read.has(line: 5, field: "total_amount", "trailer says 73,601, the details' total amount is 73,600"))
        #expect(read.has(line: 5, field: "account_hash", "does not match"))
    }

    /// A changed account number leaves the count and total right; the hash catches it.
    @Test func accountHashCatchesAChangedAccountNumber() throws {
        var (layout, records) = try records("bpd-a")
        records.replace(2, at: 22, with: "0012345679")
        let read = try DebitRead(records.bytes(), layout)
        #expect(read.errors.map(\.description) == ["line 5, account_hash: account hash does not match the details' account numbers"])
    }

    @Test func bpdBTotalInSen() throws {
        var (layout, records) = try records("bpd-b")
        records.replace(5, at: 8, with: "000000000007360100")
        let read = try DebitRead(records.bytes(ending: "\r\n"), layout)
        #expect(read.has(line: 5, field: "total_amount", "trailer says 73,601, the details' total amount is 73,600"))
    }

    @Test func senAmountNotWholeRupiah() throws {
        var (layout, records) = try records("bpd-b")
        records.replace(2, at: 93, with: "000000002840050")
        let read = try DebitRead(records.bytes(ending: "\r\n"), layout)
        #expect(read.has(line: 2, field: "amount", "amount 2,840,050 sen is not a whole number of rupiah"))
    }

    @Test func detailNumbersInOrder() throws {
        var (layout, records) = try records("bpd-b")
        records.lines.swapAt(1, 2)
        let read = try DebitRead(records.bytes(ending: "\r\n"), layout)
        #expect(read.has(line: 2, field: "detail_number", "detail number 2, expected 1"))
        #expect(read.has(line: 3, field: "detail_number", "detail number 1, expected 3"))
    }

    @Test func amountMustBeTheSumOfItsParts() throws {
        var (layout, records) = try records("bpd-b")
        records.replace(3, at: 132, with: "000000000100")   // JHT Rp 1 instead of 0
        let read = try DebitRead(records.bytes(ending: "\r\n"), layout)
        #expect(read.has(line: 3, field: "amount", "is not jkk + jkm + jht"))
    }

    @Test func emptyFile() throws {
        let layout = try Fixtures.layout("bpd-a")
        let read = try DebitRead([], layout)
        #expect(read.errors == [InputProblem(line: nil, field: nil, message: "empty file: no header, details or trailer")])
        #expect(try DebitRead([ASCII.lineFeed], layout).errors.count == 1)
    }

    @Test func unreadablePathThrows() throws {
        let layout = try Fixtures.layout("bpd-a")
        #expect(throws: FileReadError.self) {
            try FixedWidthFileReader<DebitFile>.read(path: "/nonexistent/AD.txt", layout: layout, onDetail: { _ in }, onError: { _ in })
        }
        // A directory opens but cannot be read: an error, not an empty file.
        let directory = try TemporaryDirectory()
        let error = #expect(throws: FileReadError.self) {
            try FixedWidthFileReader<DebitFile>.read(path: directory.path, layout: layout, onDetail: { _ in }, onError: { _ in })
        }
        #expect(error?.description == "\(directory.path): Is a directory")
    }

    /// A throwing `onDetail` (e.g. a failed database write) stops the read.
    @Test func detailCallbackErrorsPropagate() throws {
        struct Stop: Error {}
        let layout = try Fixtures.layout("bpd-a")
        var seen = 0
        #expect(throws: Stop.self) {
            try FixedWidthFileReader<DebitFile>.read(bytes: try Fixtures.debitFile(layout), layout: layout, onDetail: { _ in
                seen += 1
                throw Stop()
            }, onError: { _ in })
        }
        #expect(seen == 1)
    }
}
