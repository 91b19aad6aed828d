extension BinaryInteger {
    /// The count grouped, with the noun in the right number: "1 debit", "1,234 debits".
    public func counted(_ singular: String, _ plural: String? = nil) -> String {
        "\(grouped) \(self == 1 ? singular : plural ?? singular + "s")"
    }
}
