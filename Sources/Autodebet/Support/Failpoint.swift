#if canImport(Glibc)
import Glibc
#endif

/// Test points for atomicity and concurrency, set by `AUTODEBET_FAILPOINT`:
/// - `name`: the process dies on the spot when it reaches `name` (exit 70; no cleanup,
///   no rollback sent, like a power cut);
/// - `name:sleep=SECONDS`: it pauses there, holding whatever it holds (locks, an open
///   transaction), so a test can start a second run meanwhile;
/// - `name:raise`: `raises(name)` is true there, for points that simulate an error.
public enum Failpoint {
    public static func raises(_ name: String, environment: [String: String]) -> Bool {
        environment["AUTODEBET_FAILPOINT"] == name + ":raise"
    }

    public static func hit(_ name: String, environment: [String: String]) {
        guard let setting = environment["AUTODEBET_FAILPOINT"] else { return }
        if setting == name { _exit(70) }
        let sleepPrefix = name + ":sleep="
        if setting.hasPrefix(sleepPrefix), let seconds = UInt32(setting.dropFirst(sleepPrefix.count)) {
            sleep(seconds)
        }
    }
}
