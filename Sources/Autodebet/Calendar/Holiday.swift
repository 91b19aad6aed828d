import FixedWidth
import PostgresClient

/// One non-business day of the holiday table.
public struct Holiday: Sendable, Equatable {
    public var date: CalendarDate
    public var kind: HolidayKind
    public var name: String
    /// The decree it comes from, when known.
    public var regulation: String?

    public init(date: CalendarDate, kind: HolidayKind, name: String, regulation: String? = nil) {
        self.date = date
        self.kind = kind
        self.name = name
        self.regulation = regulation
    }

    /// A year's holidays in date order (`autodebet holidays list`).
    public static func list(_ connection: PostgresConnection, year: Int) throws -> [Holiday] {
        try connection.query("""
            SELECT day::text AS day, kind, name, regulation FROM autodebet.holiday
             WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1)
             ORDER BY day
            """, [year]).map { row in
            let day = try row.string("day"), kind = try row.string("kind")
            guard let date = CalendarDate(iso: day), let holidayKind = HolidayKind(rawValue: kind) else {
                throw AutodebetError(.failure, "autodebet.holiday holds a row that cannot be read: \(day) \(kind)")
            }
            return Holiday(date: date, kind: holidayKind, name: try row.string("name"),
                           regulation: try row.optionalString("regulation"))
        }
    }

    /// The latest year with any holiday loaded, if any.
    public static func lastYearLoaded(_ connection: PostgresConnection) throws -> Int? {
        try connection.query("SELECT extract(year FROM max(day))::int AS year FROM autodebet.holiday")
            .first.flatMap { try $0.optionalString("year") }.flatMap { Int($0) }
    }
}
