extension BinaryInteger {
    /// Thousands grouped with commas, as finance staff read rupiah: 1234567 → "1,234,567".
    public var grouped: String {
        let digits = String(self.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return self < 0 ? "-" + out : out
    }
}
