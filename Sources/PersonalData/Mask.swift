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
        var out = ""
        var run = ""
        func flush() {
            out += run.count >= 6 ? digits(run) : run
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

    /// The same, but a well-formed instruction reference ('AD' and 18 digits) stays whole:
    /// it is built by this program from the period and a mandate id, not personal data,
    /// and it is how operations finds a debit.
    public static func keepingReferences(_ value: some StringProtocol) -> String {
        var out = ""
        var run = ""
        for character in value {
            if character.isASCII && character.isNumber {
                run.append(character)
                continue
            }
            out += run.count == 18 && out.hasSuffix("AD") ? run : text(run)
            run = ""
            out.append(character)
        }
        return out + (run.count == 18 && out.hasSuffix("AD") ? run : text(run))
    }
}
