import CLibPQ

/// The result of ``PostgresConnection/query(_:_:)``, copied out of libpq (text format).
public struct PostgresRows: RandomAccessCollection, Sendable {
    public let columns: [String]
    /// PQcmdTuples: rows inserted, updated, deleted, selected…; 0 when the command reports none.
    public let affectedRows: Int

    private let rowCount: Int
    /// Row-major values, `columns.count` per row; nil is SQL NULL.
    private let values: [String?]
    /// Shared by every row; a duplicated column name maps to its first occurrence.
    private let columnIndex: [String: Int]

    init(_ result: borrowing LibPQResult) {
        let pointer = result.pointer
        let rowCount = Int(PQntuples(pointer))
        let columnCount = Int(PQnfields(pointer))
        var columns: [String] = []
        columns.reserveCapacity(columnCount)
        var columnIndex: [String: Int] = [:]
        for column in 0..<columnCount {
            let name = String(cString: PQfname(pointer, Int32(column)))
            columns.append(name)
            if columnIndex[name] == nil { columnIndex[name] = column }
        }
        var values: [String?] = []
        values.reserveCapacity(rowCount * columnCount)
        for row in 0..<rowCount {
            for column in 0..<columnCount {
                let (r, c) = (Int32(row), Int32(column))
                if PQgetisnull(pointer, r, c) != 0 {
                    values.append(nil)
                } else {
                    // PQgetlength avoids a strlen per value.
                    let bytes = UnsafeRawBufferPointer(start: PQgetvalue(pointer, r, c), count: Int(PQgetlength(pointer, r, c)))
                    values.append(String(decoding: bytes, as: UTF8.self))
                }
            }
        }
        self.columns = columns
        self.columnIndex = columnIndex
        self.values = values
        self.rowCount = rowCount
        self.affectedRows = result.affectedRows
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rowCount }

    public subscript(position: Int) -> PostgresRow {
        precondition(position >= 0 && position < rowCount, "row index out of range")
        let start = position * columns.count
        return PostgresRow(columnIndex: columnIndex, columns: columns, values: values[start..<start + columns.count])
    }
}
