import Foundation

/// The Unicode half of plaining: turns any text into ASCII candidate bytes.
///
/// Compatibility decomposition (NFKD) splits `É` into `E` + combining accent and
/// spells out ligatures and full-width forms; the combining marks and every other
/// non-ASCII scalar are then dropped. The Latin letters that have no decomposition
/// are mapped explicitly, so `Ø`, `Ł`, `ß` do not silently disappear from a name.
///
/// Decomposing through Foundation costs microseconds per string, too slow for millions
/// of names, so the Latin blocks (U+0080–U+024F, where nearly every accented name
/// letter lives) are decomposed once into a table; only rarer scalars go to Foundation.
enum LatinFolding {
    static func asciiCandidates(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                output.append(UInt8(value))
            } else if value < latinEnd {
                output.append(contentsOf: latinTable[Int(value - 0x80)])
            } else if (0x0300...0x036F).contains(value) {
                continue   // combining diacritical marks
            } else {
                output.append(contentsOf: fold(scalar))
            }
        }
        return output
    }

    /// One scalar's ASCII candidates, the slow way.
    static func fold(_ scalar: Unicode.Scalar) -> [UInt8] {
        if let spelled = spelledOut[scalar.value] { return Array(spelled.utf8) }
        if scalar.properties.isWhitespace { return [ASCII.space] }
        var output: [UInt8] = []
        for part in String(Character(scalar)).decomposedStringWithCompatibilityMapping.unicodeScalars {
            if part.isASCII {
                output.append(UInt8(part.value))
            } else if let spelled = spelledOut[part.value] {
                output.append(contentsOf: spelled.utf8)
            }
        }
        return output
    }

    private static let latinEnd: UInt32 = 0x0250

    /// ASCII candidates of U+0080 ..< U+0250, indexed by `value - 0x80`.
    private static let latinTable: [[UInt8]] = (UInt32(0x80)..<latinEnd).map { value in
        Unicode.Scalar(value).map(fold) ?? []
    }

    /// Letters (both cases) and punctuation variants with no decomposition to ASCII.
    static let spelledOut: [UInt32: String] = [
        0x00D8: "O", 0x00F8: "o",      // Ø ø
        0x0141: "L", 0x0142: "l",      // Ł ł
        0x0110: "D", 0x0111: "d",      // Đ đ
        0x00D0: "D", 0x00F0: "d",      // Ð ð
        0x00C6: "AE", 0x00E6: "ae",    // Æ æ
        0x0152: "OE", 0x0153: "oe",    // Œ œ
        0x00DF: "SS", 0x1E9E: "SS",    // ß ẞ
        0x00DE: "TH", 0x00FE: "th",    // Þ þ
        0x0126: "H", 0x0127: "h",      // Ħ ħ
        0x0166: "T", 0x0167: "t",      // Ŧ ŧ
        0x0131: "i",                   // ı (dotless i)
        0x2018: "'", 0x2019: "'", 0x02BC: "'",                            // ‘ ’ ʼ
        0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-",  // ‐ ‑ ‒ – —
    ]
}
