/// Zero-padded decimal text for the human-facing descriptions (not the record hot path,
/// which writes digits straight into the output buffer).
enum Digits {
    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
