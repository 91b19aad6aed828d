#if canImport(Glibc)
import Glibc
#endif

/// Crash points for tests of atomicity: `AUTODEBET_FAILPOINT=name` makes the process die
/// on the spot (no cleanup, no rollback sent, like a power cut) when it reaches `name`.
public enum Failpoint {
    public static func hit(_ name: String, environment: [String: String]) {
        guard environment["AUTODEBET_FAILPOINT"] == name else { return }
        _exit(70)
    }
}
