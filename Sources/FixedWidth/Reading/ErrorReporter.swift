/// Passes file errors to the caller's callback as they are found and counts them, so a
/// file with millions of bad lines is checked in flat memory.
final class ErrorReporter {
    private let onError: (FileError) -> Void
    private(set) var count = 0

    init(_ onError: @escaping (FileError) -> Void) {
        self.onError = onError
    }

    func report(line: Int?, field: String? = nil, _ message: String) {
        count += 1
        onError(FileError(line: line, field: field, message: message))
    }

    func report(line: Int, field: CompiledField, _ message: String) {
        report(line: line, field: field.name.rawValue, message)
    }
}
