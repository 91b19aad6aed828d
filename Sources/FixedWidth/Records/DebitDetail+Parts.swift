extension DebitDetail {
    /// JKK + JKM + JHT, which the amount must equal where a layout carries the parts;
    /// nil when the sum overflows (an absurd file, never equal to an amount).
    static func sum(_ jkk: Int64, _ jkm: Int64, _ jht: Int64) -> Int64? {
        let (two, first) = jkk.addingReportingOverflow(jkm)
        let (three, second) = two.addingReportingOverflow(jht)
        return first || second ? nil : three
    }
}
