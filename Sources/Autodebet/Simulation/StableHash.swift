/// Stable 64-bit hashing for the bank simulator: FNV-1a over bytes, finished with the
/// SplitMix64 mixer so that every bit (and so any `% n`) is well spread.
///
/// Not Swift's `Hasher`, which is seeded randomly per process: a simulated bank must
/// answer the same debit file the same way on every run and every machine.
enum StableHash {
    /// The SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijection on 64 bits.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A hash of (domain, seed, key): the domain keeps the account hash and the reference
    /// hash independent even when an account number and a reference are spelled alike.
    static func hash(domain: UInt8, seed: UInt64, key: String) -> UInt64 {
        var fnv = FNV1a()
        fnv.add(domain)
        var s = seed
        for _ in 0..<8 {
            fnv.add(UInt8(truncatingIfNeeded: s))
            s >>= 8
        }
        for byte in key.utf8 { fnv.add(byte) }
        return mix(fnv.value)
    }

    /// 64-bit FNV-1a.
    private struct FNV1a {
        private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

        mutating func add(_ byte: UInt8) {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
    }
}
