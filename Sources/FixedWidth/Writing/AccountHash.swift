/// The debit trailer's account hash: the sum of the account numbers as integers, modulo
/// 10^18 (layouts.md). A bank recomputes it to detect a changed account number.
public enum AccountHash {
    public static let modulus: Int64 = 1_000_000_000_000_000_000

    /// The account number's value modulo 10^18 (its last 18 digits); nil if not all digits.
    @inline(__always)
    public static func value<C: Collection>(of digits: C) -> Int64? where C.Element == UInt8 {
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        if digits.count <= 18 {
            // The usual case (account numbers have 6–16 digits): no reduction needed.
            for byte in digits {
                guard ASCII.isDigit(byte) else { return nil }
                value = value * 10 + Int64(byte - ASCII.zero)
            }
            return value
        }
        for byte in digits {
            guard ASCII.isDigit(byte) else { return nil }
            // value < 10^18, so value * 10 + 9 < 10^19 would overflow Int64 only above
            // 9.2 × 10^18: reduce first.
            value = (value % (modulus / 10)) * 10 + Int64(byte - ASCII.zero)
        }
        return value
    }

    /// `hash + accountNumber` modulo 10^18. Both terms are below 10^18, so the sum fits.
    @inline(__always)
    public static func adding(_ accountNumber: String, to hash: Int64) -> Int64 {
        let value = accountNumber.withUTF8Bytes { self.value(of: $0) } ?? 0
        return (hash + value) % modulus
    }

    @inline(__always)
    static func adding(_ value: Int64, to hash: Int64) -> Int64 {
        (hash + value) % modulus
    }

    /// The hash as a field of `digits` digits holds it (modulo 10^digits, digits ≤ 18).
    static func reduced(_ hash: Int64, toDigits digits: Int) -> Int64 {
        guard digits < 18 else { return hash }
        var modulus: Int64 = 1
        for _ in 0..<digits { modulus *= 10 }
        return hash % modulus
    }
}
