/// Checks that details are numbered 1, 2, … in file order, where the layout numbers
/// them. Public only as a token handed to the file kinds' decoding.
public struct DetailNumbering {
    private var last: Int64 = 0

    init() {}

    /// Reports a detail whose `number` is not the next one. An unreadable number (already
    /// reported) counts as the expected one, so one bad field does not shift the rest.
    mutating func check(_ number: Int64?, _ fields: inout FieldReader) {
        guard let field = fields.record.field(.detailNumber) else { return }
        let expected = last + 1
        if let number, number != expected {
            fields.report(field, "detail number \(number), expected \(expected)")
        }
        last = number ?? expected
    }
}
