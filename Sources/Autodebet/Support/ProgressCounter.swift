#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress counter on standard error, shown only when it is a terminal
/// (cron and pipes stay quiet), redrawn at most a few times a second.
public final class ProgressCounter {
    private let label: String
    private let enabled: Bool
    private var lastDraw: Double = 0
    private var drawn = false

    public init(label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.enabled = enabled
    }

    public func update(_ count: Int, of total: Int? = nil) {
        guard enabled else { return }
        let now = Stopwatch.now()
        guard now - lastDraw >= 0.25 else { return }
        lastDraw = now
        drawn = true
        let text = total.map { "\(label): \(count.grouped) of \($0.grouped)" } ?? "\(label): \(count.grouped)"
        Self.write("\r\u{1B}[2K" + text)
    }

    public func finish() {
        guard enabled, drawn else { return }
        Self.write("\r\u{1B}[2K")
        drawn = false
    }

    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = Glibc.write(STDERR_FILENO, &bytes, bytes.count)
    }

}
