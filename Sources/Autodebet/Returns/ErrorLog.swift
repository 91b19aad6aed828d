import FixedWidth

/// The errors of one file: each passed on as found, counted, and the first ones kept for
/// the record of the refusal.
struct ErrorLog {
    let onError: (String) -> Void
    private(set) var count = 0
    private(set) var kept: [String] = []

    init(onError: @escaping (String) -> Void) {
        self.onError = onError
    }

    mutating func add(_ error: FileError) {
        record(error.description)
    }

    mutating func add(line: Int?, field: String? = nil, _ message: String) {
        record(FileError(line: line, field: field, message: message).description)
    }

    private mutating func record(_ text: String) {
        count += 1
        if kept.count < 100 { kept.append(text) }
        onError(text)
    }
}
