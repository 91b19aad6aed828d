import FixedWidth

/// The problems of one input (a mandates or holidays CSV, a return file), bounded: each
/// passed on as found, every one counted, the first `keptLimit` kept (for the record of a
/// refused return file). Memory stays flat however many there are.
struct ProblemLog {
    static let keptLimit = 100

    let onProblem: (InputProblem) -> Void
    private(set) var count = 0
    private(set) var kept: [InputProblem] = []

    init(onProblem: @escaping (InputProblem) -> Void) {
        self.onProblem = onProblem
    }

    mutating func add(_ problem: InputProblem) {
        count += 1
        if kept.count < Self.keptLimit { kept.append(problem) }
        onProblem(problem)
    }

    mutating func add(line: Int?, field: String? = nil, _ message: String) {
        add(InputProblem(line: line, field: field, message: message))
    }

    /// Counted, not listed: problems found in bulk past the listing bound.
    mutating func addUnlisted(_ count: Int) {
        self.count += count
    }

    /// "3 problems" / "1 problem".
    var summary: String { "\(count.grouped) problem\(count == 1 ? "" : "s")" }
}
