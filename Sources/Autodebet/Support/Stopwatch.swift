#if canImport(Glibc)
import Glibc
#endif

/// Elapsed wall time, for the per-phase timings logged at debug level.
struct Stopwatch {
    private var start = Stopwatch.now()

    /// Seconds since the start or the previous lap, as text ("1.234s"), and restarts.
    mutating func lap() -> String {
        let now = Stopwatch.now()
        defer { start = now }
        let seconds = now - start
        return String(Int(seconds)) + "." + String(Int((seconds - Double(Int(seconds))) * 1000) + 1000).dropFirst() + "s"
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
