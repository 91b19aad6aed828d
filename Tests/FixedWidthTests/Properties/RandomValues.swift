import FixedWidth

/// Random valid values of the kinds a layout's fields hold, for the property tests.
enum RandomValues {
    /// Characters a name may arrive with: ASCII, Latin letters with diacritics and those
    /// spelled out (Ø, ß, Æ), typographic apostrophes and dashes, other whitespace, other
    /// scripts and symbols that plaining drops.
    static let nameCharacters: [Character] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,'-/" +
        "ÉéÑñÇçÖöÜüÀàÂâÊêÎîÔôÛûŁłØøĐđÆæŒœßÞþ" + "’‘ʼ‐‑‒–—" + "\t\u{A0}\n" +
        "ИванБудиκόσμε李明😀@#&()_+=;:\"\\%" + "e\u{0301}n\u{0303}")

    /// What a reference may hold (plaining leaves it unchanged; no spaces).
    static let referenceCharacters: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,'-/")

    static func digits(_ count: Int, using rng: inout some RandomNumberGenerator) -> String {
        String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
    }

    static func text(from characters: [Character], length: ClosedRange<Int>, using rng: inout some RandomNumberGenerator) -> String {
        String((0..<Int.random(in: length, using: &rng)).map { _ in characters.randomElement(using: &rng)! })
    }

    static func name(using rng: inout some RandomNumberGenerator) -> String {
        text(from: nameCharacters, length: 0...70, using: &rng)
    }

    static func reference(width: Int, using rng: inout some RandomNumberGenerator) -> String {
        text(from: referenceCharacters, length: 1...width, using: &rng)
    }

    static func date(using rng: inout some RandomNumberGenerator) -> CalendarDate {
        let year = Int.random(in: 2000...2099, using: &rng), month = Int.random(in: 1...12, using: &rng)
        var day = Int.random(in: 1...31, using: &rng)
        while CalendarDate(year: year, month: month, day: day) == nil { day -= 1 }
        return CalendarDate(year: year, month: month, day: day)!
    }

    static func period(using rng: inout some RandomNumberGenerator) -> Period {
        Period(year: Int.random(in: 2000...2099, using: &rng), month: Int.random(in: 1...12, using: &rng))!
    }

    /// A rupiah amount that fits `field` in the layout's unit.
    static func rupiah(fitting field: Field?, perRupiah: Int64, using rng: inout some RandomNumberGenerator) -> Int64 {
        let digits = min(field?.length ?? 12, 15)
        var largest: Int64 = 1
        for _ in 0..<digits { largest *= 10 }
        return Int64.random(in: 0...min((largest - 1) / perRupiah, 50_000_000), using: &rng)
    }
}
