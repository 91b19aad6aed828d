import FixedWidth
#if canImport(Glibc)
import Glibc
#endif

/// Today's date. `AUTODEBET_TODAY=YYYY-MM-DD` fixes it, so golden files and demos are
/// reproducible (the creation date is written in every debit file's header).
public enum Clock {
    public static func today(environment: [String: String]) throws -> CalendarDate {
        if let fixed = environment["AUTODEBET_TODAY"] {
            guard let date = CalendarDate(iso: fixed) else {
                throw AutodebetError(.invalidInput, "AUTODEBET_TODAY must be a date YYYY-MM-DD, not '\(fixed)'")
            }
            return date
        }
        var now = time(nil)
        var local = tm()
        localtime_r(&now, &local)
        return CalendarDate(year: Int(local.tm_year) + 1900, month: Int(local.tm_mon) + 1, day: Int(local.tm_mday))!
    }
}
