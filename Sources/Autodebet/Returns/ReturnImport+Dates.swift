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
        // The header's date and, when the layout has one per detail, each detail's (else every
        // detail has the header's: said once), against the bounds, stated once, here.
        let outside = try connection.query("""
            SELECT d.line, d.processing_date::text AS processing_date, d.outside
              FROM (SELECT a.line, a.processing_date,
                           CASE WHEN a.processing_date < $1::date THEN 'before'
                                WHEN a.processing_date > $2::date THEN 'after' END AS outside
                      FROM (SELECT 1 AS line, $3::date AS processing_date
                            UNION ALL
                            SELECT s.line, s.processing_date FROM return_staging s WHERE $4) a) d
             WHERE d.outside IS NOT NULL
             ORDER BY d.line
             LIMIT 100000
            """, [debitDate.description, today.description, header.processingDate.description,
                  layout.returns.detail.field(.processingDate) != nil])
        for row in outside {
            let date = try row.string("processing_date")
            errors.add(line: try row.int("line"), field: FieldName.processingDate.rawValue,
                       try row.string("outside") == "before"
                           ? "processing date \(date) is before \(debitDate), the debit date of \(debitFile)"
                           : "processing date \(date) is after today (\(today))")
        }
    }
}
