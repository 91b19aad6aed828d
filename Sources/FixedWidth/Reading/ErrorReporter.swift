/// Passes file errors to the caller's callback as they are found and counts them, so a
/// file with millions of bad lines is checked in flat memory.
final class ErrorReporter {
    private let onError: (InputProblem) -> Void
    private(set) var count = 0

    init(_ onError: @escaping (InputProblem) -> Void) {
        self.onError = onError
    }

    func report(line: Int?, field: String? = nil, _ message: String) {
        count += 1
        onError(InputProblem(line: line, field: field, message: message))
    }

    func report(line: Int, field: CompiledField, _ message: String) {
        report(line: line, field: field.name.rawValue, message)
    }
}
