/// Account numbers and NIKs are personal data (UU PDP 27/2022): everything people or
/// logs see shows only the last four digits.
public enum Mask {
    /// "0012345678" → "******5678". Values of four characters or fewer are fully masked.
    public static func digits(_ value: some StringProtocol) -> String {
        let count = value.count
        guard count > 4 else { return String(repeating: "*", count: count) }
        return String(repeating: "*", count: count - 4) + value.suffix(4)
    }
}

extension Mask {
    /// Any value echoed from an input, whatever its column: every run of six or more
    /// digits (a NIK or account number where it does not belong) shows its last four.
    public static func text(_ value: some StringProtocol) -> String {
        masking(value) { _, _ in false }
    }

    /// The same, but what this program names stays whole: an instruction reference ('AD',
    /// or 'AE' … 'AZ' for a replacement, and 18 digits, built from the period and a mandate id) and the period in a debit
    /// file's name (`AD_114_202612_A1_S0001.txt`). Neither is personal data, and they are
    /// how operations finds a debit or a file.
    public static func keepingReferences(_ value: some StringProtocol) -> String {
        masking(value, keeping: isOurs)
    }

    /// Masks every run of six or more ASCII digits, except those `keep` (the run, and the
    /// text before it) says to leave whole.
    private static func masking(_ value: some StringProtocol, keeping keep: (String, String) -> Bool) -> String {
        var out = ""
        var run = ""
        func flush() {
            out += run.count < 6 || keep(run, out) ? run : digits(run)
            run = ""
        }
        for character in value {
            if character.isASCII && character.isNumber {
                run.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }

    private static func isOurs(_ run: String, after text: String) -> Bool {
        // 'AD', or 'AE' … 'AZ' for a replacement of a cancelled file's debit.
        if run.count == 18 { return text.count >= 2 && text.dropLast().hasSuffix("A") && ("D"..."Z").contains(String(text.suffix(1))) }
        guard run.count == 6 else { return false }
        let tail = Array(text.suffix(7))   // "AD_114_"
        return tail.count == 7 && String(tail[0..<3]) == "AD_" && tail[3...5].allSatisfy { $0.isASCII && $0.isNumber }
            && tail[6] == "_"
    }
}
