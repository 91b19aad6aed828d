/// A sum of detail amounts that knows when it cannot be trusted: a detail whose amount
/// was unreadable makes it unknown (no comparison, no spurious mismatch), and an
/// absurd file cannot overflow it into a crash.
struct RunningTotal {
    private(set) var value: Int64 = 0
    private(set) var overflowed = false
    private(set) var isKnown = true

    mutating func add(_ amount: Int64?) {
        guard let amount else {
            isKnown = false
            return
        }
        let (sum, overflow) = value.addingReportingOverflow(amount)
        if overflow { overflowed = true } else { value = sum }
    }
}
