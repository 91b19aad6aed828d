/// A field's value as read, by format.
enum FieldValue {
    /// Counts, numbers and amounts (amounts already in rupiah).
    case integer(Int64)
    /// `X` fields (trailing spaces removed) and digits kept as text (bank code, KPJ, NIK).
    case text(String)
    case date(CalendarDate)
    case period(Period)
    /// Constants and fillers: checked, no value.
    case checked

    var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    var date: CalendarDate? {
        if case .date(let value) = self { return value }
        return nil
    }

    var period: Period? {
        if case .period(let value) = self { return value }
        return nil
    }
}
