import PropertyBased
import Testing
@testable import FixedWidth

/// Property: plaining (the text rule of `X` fields) is idempotent: the plain form of a
/// plain form is itself, at any width. So a name written, read back and written again
/// gives the same bytes. Also: the result is ASCII of the allowed characters and fits.
/// 1,000 random texts of 0 to 70 characters, widths 1 to 80.
@Suite("property: plaining")
struct PlainTextProperties {
    static let iterations = 1_000
    static let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,'-/".utf8)

    @Test("plaining twice equals plaining once")
    func idempotent() async {
        let input = Generator { rng in
            (RandomValues.name(using: &rng), Int.random(in: 1...80, using: &rng))
        }
        await propertyCheck(count: Self.iterations, input: input) { text, width in
            let once = PlainText.plain(text, width: width)
            #expect(PlainText.plain(once, width: width) == once)
            #expect(PlainText.isPlain(once))
            #expect(once.utf8.count <= width)
            #expect(once.utf8.allSatisfy { Self.allowed.contains($0) })
            #expect(!once.hasPrefix(" ") && !once.hasSuffix(" ") && !once.contains("  "))
        }
    }
}
