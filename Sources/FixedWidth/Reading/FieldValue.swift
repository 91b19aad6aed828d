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
}
