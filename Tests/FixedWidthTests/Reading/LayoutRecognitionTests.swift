import Foundation
import Testing
@testable import FixedWidth

@Suite struct LayoutRecognitionTests {
    @Test func recognisesLayoutAndKindFromTheFirstLine() throws {
        let catalog = try LayoutCatalog(directories: [Fixtures.layoutsDirectory])
        let directory = try TemporaryDirectory()
        for name in ["bpd-a", "bpd-b"] {
            let layout = try catalog.layout(named: name)
            let debit = try catalog.recognize(path: try directory.write("\(name)-debit.txt", try Fixtures.debitFile(layout)))
            let returns = try catalog.recognize(path: try directory.write("\(name)-return.txt", try Fixtures.returnFile(layout)))
            #expect(debit.recognized()?.layout.name == name)
            #expect(debit.recognized()?.kind == .debit)
            #expect(returns.recognized()?.layout.name == name)
            #expect(returns.recognized()?.kind == .returns)
            #expect(debit.recognized([.debit])?.layout.name == name)
            #expect(returns.recognized([.returns])?.layout.name == name)
            // Recognition ignores the line ending.
            let flipped = Records(try Fixtures.debitFile(layout)).bytes(ending: name == "bpd-a" ? "\r\n" : "\n")
            #expect(try catalog.recognize(bytes: flipped).recognized()?.layout.name == name)
        }
        #expect(try catalog.recognize(bytes: Array("H114".utf8)).recognized() == nil)
        #expect(try catalog.recognize(bytes: []).recognized() == nil)
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
        #expect(try sameEnding.recognize(bytes: lfFile).recognized() == nil)
        let directory = try TemporaryDirectory()
        let path = try directory.write("ambiguous.txt", lfFile)
        #expect(try sameEnding.recognize(path: path).candidates().map(\.layout.name).sorted() == ["bpd-a", "bpd-c"])

        let crlfVariant = try LayoutCatalog(layouts: [a, try variant("bpd-c", ending: "CRLF")])
        #expect(try crlfVariant.recognize(bytes: lfFile).recognized()?.layout.name == "bpd-a")
        let crlfFile = Records(lfFile).bytes(ending: "\r\n")
        #expect(try crlfVariant.recognize(bytes: crlfFile).recognized()?.layout.name == "bpd-c")
    }

    /// Limiting the kinds weighs only those kinds: a debit file is no return file, even
    /// though its first line also starts with bpd-a's return header type.
    @Test func kindsNarrowTheCandidates() throws {
        let catalog = try LayoutCatalog(directories: [Fixtures.layoutsDirectory])
        let recognition = try catalog.recognize(bytes: try Fixtures.debitFile(try catalog.layout(named: "bpd-a")))
        #expect(recognition.candidates().map(\.kind) == [.debit])
        #expect(recognition.candidates([.returns]).map(\.kind) == [.returns])
    }

    /// A file that cannot be opened or read is an error naming the path and the system's
    /// reason, never "no known layout".
    @Test func unreadableFilesThrowNamingTheReason() throws {
        let catalog = try LayoutCatalog(directories: [Fixtures.layoutsDirectory])
        let directory = try TemporaryDirectory()
        let missing = directory.path + "/no-such-directory/AD.txt"
        let notFound = #expect(throws: FileReadError.self) { try catalog.recognize(path: missing) }
        #expect(notFound?.description == "\(missing): No such file or directory")
        // A directory opens, but reading it fails: an error, not the end of an empty file.
        let notAFile = #expect(throws: FileReadError.self) { try catalog.recognize(path: directory.path) }
        #expect(notAFile?.description == "\(directory.path): Is a directory")
    }

    @Test(.enabled(if: getuid() != 0, "root reads files whatever their permission bits"))
    func fileWithoutReadPermissionThrowsNamingIt() throws {
        let catalog = try LayoutCatalog(directories: [Fixtures.layoutsDirectory])
        let directory = try TemporaryDirectory()
        let path = try directory.write("locked.txt", try Fixtures.debitFile(try catalog.layout(named: "bpd-a")))
        #expect(chmod(path, 0) == 0)
        let error = #expect(throws: FileReadError.self) { try catalog.recognize(path: path) }
        #expect(error?.description == "\(path): Permission denied")
    }
}
