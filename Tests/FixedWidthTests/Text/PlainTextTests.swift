import Foundation
import Testing
import TestSupport
@testable import FixedWidth

@Suite struct PlainTextTests {
    @Test func diacriticsAreRemoved() {
        #expect(PlainText.plain("Néné Ñoman Çakra Müller", width: 40) == "NENE NOMAN CAKRA MULLER")
        #expect(PlainText.plain("José Ángel Ýves Šťastný", width: 40) == "JOSE ANGEL YVES STASTNY")
        // Combining marks written separately (NFD input) as well.
        #expect(PlainText.plain("Ne\u{301}ne\u{301}", width: 40) == "NENE")
    }

    @Test func undecomposableLettersAreSpelledOut() {
        #expect(PlainText.plain("Øystein Łukasz Đorđe Æsir Œuvre Straße", width: 60) == "OYSTEIN LUKASZ DORDE AESIR OEUVRE STRASSE")
        #expect(PlainText.plain("ø ł æ œ ß", width: 20) == "O L AE OE SS")
    }

    @Test func punctuationKeptOrDropped() {
        #expect(PlainText.plain("Hj. Siti, S.Pd. (Ibu)", width: 40) == "HJ. SITI, S.PD. IBU")
        #expect(PlainText.plain("O'Neil-Putra / Co & Sons! #1 @home", width: 40) == "O'NEIL-PUTRA / CO SONS 1 HOME")
        #expect(PlainText.plain("A;B:C\"D*E", width: 40) == "ABCDE")
    }

    @Test func spacesCollapseAndTrim() {
        #expect(PlainText.plain("   Budi     Santoso   ", width: 40) == "BUDI SANTOSO")
        #expect(PlainText.plain("Budi ( ) Santoso", width: 40) == "BUDI SANTOSO")
        #expect(PlainText.plain("Budi\tSantoso\nPutra", width: 40) == "BUDI SANTOSO PUTRA")
        #expect(PlainText.plain("   ", width: 40) == "")
    }

    @Test func cutToWidth() {
        #expect(PlainText.plain("Budi Santoso", width: 4) == "BUDI")
        #expect(PlainText.plain("Budi Santoso", width: 5) == "BUDI")
        #expect(PlainText.plain("Budi Santoso", width: 6) == "BUDI S")
        #expect(PlainText.plain("Ñoman", width: 1) == "N")
        #expect(PlainText.plain("Budi", width: 0) == "")
    }

    @Test func nonLatinScriptsAreDropped() {
        #expect(PlainText.plain("Иван 王小明 Budi", width: 40) == "BUDI")
        #expect(PlainText.plain("Дмитрий", width: 40) == "")
        #expect(PlainText.plain("محمد Ali", width: 40) == "ALI")
    }

    @Test func outputIsAlwaysPlainASCII() {
        var random = SplitMix64(state: 42)
        let pool: [Character] = Array("aZ09 .,'-/!?()[]{}\t\nÉñÇüØßŁæœ王Жé\u{301}\u{0}\u{7F}😀ﬁＡ’–")
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...40, using: &random)
            let text = String((0..<length).map { _ in pool.randomElement(using: &random)! })
            let width = Int.random(in: 1...30, using: &random)
            let plain = PlainText.plain(text, width: width)
            let bytes = Array(plain.utf8)
            #expect(bytes.count <= width)
            #expect(bytes.allSatisfy { PlainTextWriter.keep($0) == $0 }, "\(plain)")
            #expect(!plain.hasPrefix(" ") && !plain.hasSuffix(" ") && !plain.contains("  "))
        }
    }

    /// The encoder's byte-level path must give exactly what `plain` gives.
    @Test func fastPathMatchesPlain() {
        for text in ["Budi Santoso", "  hj.  siti  ", "Néné Ñoman Çakra Müller", "Straße 王", "a\u{301}b", "", "(((",
                     "Hj. Siti, S.Pd. (Ibu) binti Abdullah bin Muhammad"] {
            for width in [1, 5, 12, 30] {
                var field = [UInt8](repeating: ASCII.space, count: width)
                field.withUnsafeMutableBufferPointer { buffer in
                    _ = PlainText.write(text, into: buffer, at: 0, width: width)
                }
                let written = String(decoding: field, as: UTF8.self)
                let expected = PlainText.plain(text, width: width)
                #expect(written == expected.padding(toLength: width, withPad: " ", startingAt: 0), "\(text) / \(width)")
            }
        }
    }
}
