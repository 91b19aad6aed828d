/// A plain text table: columns padded to their widest cell, numbers right-aligned.
struct TextTable {
    var headers: [String]
    var rightAligned: Set<Int>
    var rows: [[String]] = []

    init(_ headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    var rendered: String {
        let widths = headers.indices.map { column in
            ([headers] + rows).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            var joined = cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ")
            // Trailing blanks dropped in place: a reversed, filtered view of the line would
            // cost a lookup more than the whole table (the runtime builds its generic types
            // on first use).
            while joined.last == " " { joined.removeLast() }
            return joined
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}
