import FixedWidth
import Foundation

/// Today's date, in Jakarta (WIB) whatever the server's own time zone: it decides
/// creation dates, debit dates and whether a period may close. `AUTODEBET_TIME_ZONE`
/// names another IANA zone; `AUTODEBET_TODAY=YYYY-MM-DD` fixes the date, so golden files
/// and demos are reproducible.
public enum Today {
    public static let defaultTimeZone = "Asia/Jakarta"

    public static func date(environment: [String: String], now: Date = Date()) throws -> CalendarDate {
        if let fixed = environment["AUTODEBET_TODAY"] {
            guard let date = CalendarDate(iso: fixed) else {
                throw AutodebetError(.invalidInput, "AUTODEBET_TODAY must be a date YYYY-MM-DD, not '\(fixed)'")
            }
            return date
        }
        return try date(at: now, timeZone: environment["AUTODEBET_TIME_ZONE"] ?? defaultTimeZone)
    }

    /// The calendar date of the instant `now` in the IANA zone `identifier`.
    public static func date(at now: Date, timeZone identifier: String) throws -> CalendarDate {
        guard let zone = TimeZone(identifier: identifier) else {
            throw AutodebetError(.invalidInput, "AUTODEBET_TIME_ZONE must name an IANA time zone such as Asia/Jakarta, not '\(identifier)'")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        guard let year = parts.year, let month = parts.month, let day = parts.day,
              let date = CalendarDate(year: year, month: month, day: day) else {
            throw AutodebetError(.failure, "the system clock gives no valid date in \(identifier)")
        }
        return date
    }
}
