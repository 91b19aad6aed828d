import Autodebet

/// What `run` did and what waits, for the metrics file (product.md: debits and rupiah
/// generated, returns imported and refused, files awaiting and overdue).
enum RunMetrics {
    static func record(_ o: ServiceRun.Outcome) {
        MetricsFile.set("autodebet_debits_generated", Double(o.debitsGenerated))
        MetricsFile.set("autodebet_rupiah_generated", Double(o.amountGenerated))
        MetricsFile.set("autodebet_returns_imported", Double(o.imported.count))
        MetricsFile.set("autodebet_returns_refused", Double(o.refused.count))
        record(o.status)
    }

    /// Files awaiting a return and overdue, and refused returns waiting for a person.
    static func record(_ status: StatusReport) {
        MetricsFile.set("autodebet_files_awaiting", Double(status.awaiting.count))
        MetricsFile.set("autodebet_files_overdue", Double(status.overdueCount))
        MetricsFile.set("autodebet_refused_returns_open", Double(status.refusals.count))
    }
}
