import FixedWidth
import PostgresClient
import PersonalData

/// `autodebet holidays import`: loads a year's decreed holidays from a CSV file with the
/// columns `date,kind,name`, all or nothing. A date already in the table is updated (a
/// decree amended: cuti bersama moved or added). Every problem is reported with its line
/// and column; if there is any, nothing changes.
public struct HolidayImport {
    public struct Outcome: Sendable, Equatable {
        public var rows = 0
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        public var years: [Int] = []
    }

    public enum Column: String, CaseIterable, Sendable {
        case date, kind, name
    }

    /// A year has a few dozen holidays; a file far larger is not a holiday decree.
    public static let maxRows = 1_000
    public static let maxNameLength = 200

    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    public func run(path: String, regulation: String?, onProblem: @escaping (InputProblem) -> Void) throws -> Outcome {
        var problems = ProblemLog(onProblem: onProblem)
        let holidays = try read(path: path, regulation: regulation) { problems.add($0) }
        guard problems.count == 0 else {
            throw AutodebetError(.invalidInput, "\(path): \(problems.summary); nothing was imported")
        }
        return try connection.transaction {
            var outcome = Outcome(rows: holidays.count, years: Set(holidays.map(\.date.year)).sorted())
            for holiday in holidays {
                switch try upsert(holiday) {
                case "inserted": outcome.inserted += 1
                case "updated": outcome.updated += 1
                default: outcome.unchanged += 1
                }
            }
            var details = JSONObject()
            details.add("rows", outcome.rows)
            details.add("inserted", outcome.inserted)
            details.add("updated", outcome.updated)
            details.add("unchanged", outcome.unchanged)
            details.add("years", strings: outcome.years.map(String.init))
            if let regulation { details.add("regulation", regulation) }
            try AuditLog.record(connection, action: "holidays.import", subject: MandateImport.fileName(path),
                                details: details.text)
            return outcome
        }
    }

    /// One row: "inserted", "updated" or "unchanged".
    private func upsert(_ holiday: Holiday) throws -> String {
        let rows = try connection.query("""
            WITH before AS (SELECT kind, name, regulation FROM autodebet.holiday WHERE day = $1::date),
                 written AS (
                INSERT INTO autodebet.holiday (day, kind, name, regulation) VALUES ($1::date, $2, $3, $4)
                ON CONFLICT (day) DO UPDATE
                   SET kind = excluded.kind, name = excluded.name,
                       regulation = coalesce(excluded.regulation, autodebet.holiday.regulation), updated_at = now()
                 WHERE (autodebet.holiday.kind, autodebet.holiday.name) IS DISTINCT FROM (excluded.kind, excluded.name)
                    OR (excluded.regulation IS NOT NULL AND excluded.regulation IS DISTINCT FROM autodebet.holiday.regulation)
                RETURNING 1)
            SELECT CASE WHEN NOT EXISTS (SELECT FROM before) THEN 'inserted'
                        WHEN EXISTS (SELECT FROM written) THEN 'updated'
                        ELSE 'unchanged' END AS effect
            """, [holiday.date.description, holiday.kind.rawValue, holiday.name, holiday.regulation])
        return try rows[0].string("effect")
    }

    /// Reads and checks every row; problems go to `onProblem`, valid rows are returned.
    func read(path: String, regulation: String?, onProblem: (InputProblem) -> Void) throws -> [Holiday] {
        var reader = try CSVReader(path: path)
        return try Self.read(&reader, regulation: regulation, onProblem: onProblem)
    }

    /// Reads and checks every row of `reader` (no database needed).
    public static func read(_ reader: inout CSVReader, regulation: String?,
                            onProblem: (InputProblem) -> Void) throws -> [Holiday] {
        guard let columns = try CSVHeader<Column>.read(&reader, expected: "the header date,kind,name", onProblem: onProblem)
        else { return [] }
        var holidays: [Holiday] = []
        var lineOfDate: [CalendarDate: Int] = [:]
        while true {
            guard let record = try reader.nextRecord(onProblem: onProblem) else { break }
            guard lineOfDate.count + 1 <= Self.maxRows else {
                onProblem(InputProblem(line: record.line, message: "more than \(Self.maxRows) rows: not a holiday decree"))
                break
            }
            guard record.fields.count == Column.allCases.count else {
                onProblem(InputProblem(line: record.line,
                                        message: "expected \(Column.allCases.count) fields, found \(record.fields.count)"))
                continue
            }
            guard let holiday = parse(record, columns: columns, regulation: regulation, onProblem: onProblem) else { continue }
            if let first = lineOfDate[holiday.date] {
                onProblem(InputProblem(line: record.line, field: "date", value: holiday.date.description,
                                        message: "date appears twice in the file (first on line \(first))"))
                continue
            }
            lineOfDate[holiday.date] = record.line
            holidays.append(holiday)
        }
        return holidays
    }

    private static func parse(_ record: CSVRecord, columns: [Column: Int], regulation: String?,
                       onProblem: (InputProblem) -> Void) -> Holiday? {
        func field(_ column: Column) -> String { record.fields[columns[column]!].trimmingSpaces }
        let dateText = field(.date), kindText = field(.kind), name = field(.name)
        let date = CalendarDate(iso: dateText)
        let kind = HolidayKind(rawValue: kindText)
        if date == nil {
            onProblem(InputProblem(line: record.line, field: "date", value: Mask.text(dateText.prefix(40)),
                                    message: "must be a date YYYY-MM-DD"))
        }
        if kind == nil {
            onProblem(InputProblem(line: record.line, field: "kind", value: Mask.text(kindText.prefix(40)),
                                    message: "must be public or collective_leave"))
        }
        if name.isEmpty {
            onProblem(InputProblem(line: record.line, field: "name", message: "must not be empty"))
        } else if name.count > Self.maxNameLength {
            onProblem(InputProblem(line: record.line, field: "name",
                                    message: "longer than \(Self.maxNameLength) characters"))
        }
        guard let date, let kind, !name.isEmpty, name.count <= Self.maxNameLength else { return nil }
        return Holiday(date: date, kind: kind, name: name, regulation: regulation)
    }
}
