import FixedWidth
import PostgresClient

/// Plausible dates: the bank cannot have processed a debit before the debit date of the
/// file it answers, nor after today. A date outside that range is a broken file (a wrong
/// file, a typo, a clock gone astray), refused like any other with the line at fault.
extension ReturnImport {
    func checkProcessingDates(
        _ header: ReturnFileHeader, layout: Layout, debitFile: String, errors: inout ProblemLog
    ) throws {
        let today = try Today.date(environment: environment)
        guard let row = try connection.query("SELECT debit_date::text FROM autodebet.debit_file WHERE name = $1",
                                             [debitFile]).first,
              let debitDate = CalendarDate(iso: try row.string("debit_date"))
        else { return }
        let field = FieldName.processingDate.rawValue
        func problem(_ date: CalendarDate) -> String? {
            if date < debitDate { return "processing date \(date) is before \(debitDate), the debit date of \(debitFile)" }
            if date > today { return "processing date \(date) is after today (\(today))" }
            return nil
        }
        if let message = problem(header.processingDate) {
            errors.add(line: 1, field: field, message)
        }
        // A layout without a date per detail gives every detail the header's: said once, above.
        guard layout.returns.detail.field(.processingDate) != nil else { return }
        let late = try connection.query("""
            SELECT line, processing_date::text AS processing_date FROM return_staging
             WHERE processing_date < $1::date OR processing_date > $2::date
             ORDER BY line
             LIMIT 100000
            """, [debitDate.description, today.description])
        for row in late {
            guard let date = CalendarDate(iso: try row.string("processing_date")), let message = problem(date) else { continue }
            errors.add(line: try row.int("line"), field: field, message)
        }
    }
}
