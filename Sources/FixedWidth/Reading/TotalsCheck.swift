import PersonalData

/// Compares the control totals a trailer states with those computed from the details,
/// reporting each mismatch on the trailer's line. Public only as a token handed to the
/// file kinds' decoding.
public struct TotalsCheck {
    let line: Int
    let trailer: CompiledRecord
    /// The values the trailer states.
    let stated: RecordValues
    let reporter: ErrorReporter

    /// Reports when the trailer's count `name` differs from `actual` (`what` counted).
    func count(_ name: FieldName, _ actual: Int, what: String) {
        guard let stated = stated.integer(name), let field = trailer.field(name), stated != Int64(actual) else { return }
        reporter.report(line: line, field: field, "trailer says \(stated) \(what), the file has \(actual)")
    }

    /// Reports when the trailer's amount `name` differs from `total`; nothing when the
    /// total is unknown (an unreadable amount, already reported).
    func amount(_ name: FieldName, _ total: RunningTotal, what: String) {
        guard total.isKnown, let stated = stated.integer(name), let field = trailer.field(name) else { return }
        if total.overflowed {
            reporter.report(line: line, field: field, "the details' \(what) is too large to add up")
        } else if stated != total.value {
            reporter.report(line: line, field: field, "trailer says \(stated.groupedDigits), the details' \(what) is \(total.value.groupedDigits)")
        }
    }

    func report(_ field: CompiledField, _ message: String) {
        reporter.report(line: line, field: field, message)
    }
}
