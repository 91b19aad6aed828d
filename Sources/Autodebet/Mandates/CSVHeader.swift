import FixedWidth

/// The header row of an import CSV whose columns are the cases of `Column`: maps each
/// column to its position. Every column must be there once, and no others; each problem
/// is reported with line 1 and the column at fault.
enum CSVHeader<Column: RawRepresentable & CaseIterable & Hashable> where Column.RawValue == String {
    /// `expected` says what the file should start with, for the messages.
    static func read(_ reader: inout CSVReader, expected: String, onProblem: (InputProblem) -> Void) throws -> [Column: Int]? {
        var broken = false
        guard let record = try reader.nextRecord(onProblem: { broken = true; onProblem($0) }) else {
            if !broken { onProblem(InputProblem(line: 1, message: "the file is empty; expected \(expected)")) }
            return nil
        }
        var columns: [Column: Int] = [:]
        var ok = true
        for (index, name) in record.fields.enumerated() {
            guard let column = Column(rawValue: name.trimmingSpaces) else {
                onProblem(InputProblem(line: record.line, field: String(name.prefix(40)), message: "unknown column in the header"))
                ok = false
                continue
            }
            if columns[column] != nil {
                onProblem(InputProblem(line: record.line, field: name, message: "column appears twice in the header"))
                ok = false
            }
            columns[column] = index
        }
        for column in Column.allCases where columns[column] == nil {
            onProblem(InputProblem(line: record.line, field: column.rawValue, message: "column missing from the header"))
            ok = false
        }
        return ok ? columns : nil
    }
}
