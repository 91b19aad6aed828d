extension BinaryInteger {
    /// Digits grouped by thousands, `1,234,567`, as people read amounts (and as masking by
    /// content leaves them readable: no run of six digits).
    public var groupedDigits: String {
        let digits = String(self.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return self < 0 ? "-" + out : out
    }
}
