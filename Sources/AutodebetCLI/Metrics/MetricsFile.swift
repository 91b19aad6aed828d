import Autodebet
import Foundation
import Metrics
import Prometheus
import Synchronization

/// `--metrics-file PATH` or AUTODEBET_METRICS_FILE: each command writes the Prometheus
/// text format for node_exporter's textfile collector, atomically (a temporary file in the
/// same directory, renamed). Every series carries the command's name; the series of other
/// commands already in the file are kept, so that `status` run by hand does not erase
/// `run`'s last success. The values come through swift-metrics into a swift-prometheus
/// registry, which formats the exposition.
enum MetricsFile {
    private static let state = Mutex<(path: String?, gauges: [(name: String, labels: [(String, String)], value: Double)])>((nil, []))

    /// The file to write, from the command line (it wins) or the environment.
    static func use(_ path: String?) {
        state.withLock { $0.path = path ?? environment["AUTODEBET_METRICS_FILE"].flatMap { $0.isEmpty ? nil : $0 } }
    }

    static var path: String? { state.withLock { $0.path } ?? environment["AUTODEBET_METRICS_FILE"].flatMap { $0.isEmpty ? nil : $0 } }

    /// A value of this run, labelled with the command at write time.
    static func set(_ name: String, _ value: Double, labels: [(String, String)] = []) {
        state.withLock { $0.gauges.append((name, labels, value)) }
    }

    /// Writes the file for a command that ended with `exitCode` after `duration` seconds.
    /// A failure to write is said on standard error and does not change the exit code.
    static func write(command: String, exitCode: Int32, duration: Double, now: Double = Date().timeIntervalSince1970) {
        guard let path else { return }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        // Series of other commands, as the file had them.
        if let previous = try? String(contentsOfFile: path, encoding: .utf8) {
            for sample in PrometheusText.samples(previous) where sample.labels.first(where: { $0.0 == "command" })?.1 != command {
                Gauge(label: sample.name, dimensions: sample.labels).record(sample.value)
            }
        }
        let outcome = outcomeLabel(command: command, exitCode: exitCode)
        Gauge(label: "autodebet_last_run_timestamp_seconds", dimensions: [("command", command), ("outcome", outcome)]).record(now)
        if succeeded(command: command, exitCode: exitCode) {
            Gauge(label: "autodebet_last_success_timestamp_seconds", dimensions: [("command", command)]).record(now)
        }
        Gauge(label: "autodebet_run_duration_seconds", dimensions: [("command", command)]).record(duration)
        for gauge in state.withLock({ $0.gauges }) {
            Gauge(label: gauge.name, dimensions: [("command", command)] + gauge.labels).record(gauge.value)
        }
        do {
            try writeAtomically(registry.emitToString(), to: path)
        } catch {
            printError("autodebet: cannot write the metrics file \(path): \(error)")
        }
    }

    /// ok, needs_person (run and status --check: the work was done and something waits
    /// for a person), refused, locked, invalid_input, failure.
    static func outcomeLabel(command: String, exitCode: Int32) -> String {
        switch exitCode {
        case 0: "ok"
        case 2: "invalid_input"
        case 3: "locked"
        case 4: command == "run" || command == "status" ? "needs_person" : "refused"
        default: "failure"
        }
    }

    /// Whether the command did its work: exit 0, or `run` that did it and found something
    /// for a person (which its own alert reports).
    static func succeeded(command: String, exitCode: Int32) -> Bool {
        exitCode == 0 || (exitCode == 4 && (command == "run" || command == "status"))
    }

    private static func writeAtomically(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        try Data(text.utf8).write(to: temporary)
        // node_exporter runs as its own user: the file is readable (it holds no personal data).
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: temporary.path)
        guard rename(temporary.path, path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }
}
