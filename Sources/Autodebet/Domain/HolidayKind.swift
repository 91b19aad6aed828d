/// The kinds of non-business day in autodebet.holiday (mirrors its CHECK).
public enum HolidayKind: String, CaseIterable, Sendable {
    /// Hari libur nasional.
    case publicHoliday = "public"
    /// Cuti bersama: decreed collective leave; banks are closed too.
    case collectiveLeave = "collective_leave"
}
