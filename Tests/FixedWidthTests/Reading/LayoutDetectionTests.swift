import Foundation
import Testing
@testable import FixedWidth

@Suite struct LayoutDetectionTests {
    @Test func detectsLayoutAndKindFromTheFirstLine() throws {
        let catalog = try LayoutCatalog(directories: [Fixtures.layoutsDirectory])
        let directory = try TemporaryDirectory()
        for name in ["bpd-a", "bpd-b"] {
            let layout = try catalog.layout(named: name)
            let debit = try directory.write("\(name)-debit.txt", try Fixtures.debitFile(layout))
            let returns = try directory.write("\(name)-return.txt", try Fixtures.returnFile(layout))
            #expect(catalog.detect(path: debit)?.layout.name == name)
            #expect(catalog.detect(path: debit)?.kind == .debit)
            #expect(catalog.detect(path: returns)?.layout.name == name)
            #expect(catalog.detect(path: returns)?.kind == .returns)
            #expect(DebitFileReader.detectLayout(path: debit, catalog: catalog)?.name == name)
            #expect(ReturnFileReader.detectLayout(path: returns, catalog: catalog)?.name == name)
            // Detection ignores the line ending.
            let flipped = Records(try Fixtures.debitFile(layout)).bytes(ending: name == "bpd-a" ? "\r\n" : "\n")
            #expect(catalog.detect(bytes: flipped)?.layout.name == name)
        }
        #expect(catalog.detect(bytes: Array("H114".utf8)) == nil)
        #expect(catalog.detect(bytes: []) == nil)
        #expect(catalog.detect(path: "/nonexistent") == nil)
    }

    /// Two layouts that differ only in the amount unit fit the same line equally well:
    /// guessing would misread every amount by a factor of 100, so nothing is chosen
    /// unless the line ending tells them apart. (A regression: bpd-c, a copy of bpd-a in
    /// sen with CRLF, was once read as bpd-a.)
    @Test func ambiguousLayoutsAreNotGuessed() throws {
        let a = try Fixtures.layout("bpd-a")
        let source = try String(contentsOfFile: Fixtures.layoutPath("bpd-a"), encoding: .utf8)
        func variant(_ name: String, ending: String) throws -> Layout {
            let json = source.replacingOccurrences(of: "\"bpd-a\"", with: "\"\(name)\"")
                .replacingOccurrences(of: "\"rupiah\"", with: "\"sen\"")
                .replacingOccurrences(of: "\"LF\"", with: "\"\(ending)\"")
            return try Layout.decode(Array(json.utf8), source: name)
        }
        let lfFile = try Fixtures.debitFile(a)
        let sameEnding = try LayoutCatalog(layouts: [a, try variant("bpd-c", ending: "LF")])
        #expect(sameEnding.detect(bytes: lfFile) == nil)
        let directory = try TemporaryDirectory()
        let path = try directory.write("ambiguous.txt", lfFile)
        #expect(sameEnding.candidates(path: path).map(\.layout.name).sorted() == ["bpd-a", "bpd-c"])

        let crlfVariant = try LayoutCatalog(layouts: [a, try variant("bpd-c", ending: "CRLF")])
        #expect(crlfVariant.detect(bytes: lfFile)?.layout.name == "bpd-a")
        let crlfFile = Records(lfFile).bytes(ending: "\r\n")
        #expect(crlfVariant.detect(bytes: crlfFile)?.layout.name == "bpd-c")
    }
}
