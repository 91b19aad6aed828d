/// The header row of an import CSV whose columns are the cases of `Column`: maps each
/// column to its position. Every column must be there once, and no others; each problem
/// is reported with line 1 and the column at fault.
enum CSVHeader<Column: RawRepresentable & CaseIterable & Hashable> where Column.RawValue == String {
    /// `expected` says what the file should start with, for the messages.
    static func read(_ reader: inout CSVReader, expected: String, onProblem: (ImportProblem) -> Void) throws -> [Column: Int]? {
        let record: CSVRecord
        do {
            guard let first = try reader.next() else {
                onProblem(ImportProblem(line: 1, reason: "the file is empty; expected \(expected)"))
                return nil
            }
            record = first
        } catch let error as CSVError {
            onProblem(ImportProblem(line: error.line, reason: error.message))
            return nil
        }
        var columns: [Column: Int] = [:]
        var ok = true
        for (index, name) in record.fields.enumerated() {
            guard let column = Column(rawValue: name.trimmingSpaces) else {
                onProblem(ImportProblem(line: record.line, column: String(name.prefix(40)), reason: "unknown column in the header"))
                ok = false
                continue
            }
            if columns[column] != nil {
                onProblem(ImportProblem(line: record.line, column: name, reason: "column appears twice in the header"))
                ok = false
            }
            columns[column] = index
        }
        for column in Column.allCases where columns[column] == nil {
            onProblem(ImportProblem(line: record.line, column: column.rawValue, reason: "column missing from the header"))
            ok = false
        }
        return ok ? columns : nil
    }
}
