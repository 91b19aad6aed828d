import Crypto

extension SHA256.Digest {
    /// Lowercase hex, as files' hashes are recorded and shown.
    var hex: String {
        map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}
