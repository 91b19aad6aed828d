import Foundation

/// An instant as people read it: the date and minute in the zone that decides "today"
/// (Asia/Jakarta unless AUTODEBET_TIME_ZONE names another), with the zone named.
public enum LocalTime {
    public static func text(epochSeconds: Int64, environment: [String: String]) -> String {
        let identifier = environment["AUTODEBET_TIME_ZONE"] ?? Today.defaultTimeZone
        let zone = TimeZone(identifier: identifier) ?? TimeZone(identifier: Today.defaultTimeZone)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute],
                                            from: Date(timeIntervalSince1970: TimeInterval(epochSeconds)))
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "??" }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)) \(identifier)"
    }
}
