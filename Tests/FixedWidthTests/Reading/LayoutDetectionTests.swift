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
}
