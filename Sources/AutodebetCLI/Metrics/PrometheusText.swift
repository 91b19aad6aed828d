/// Reads back the samples of a Prometheus text exposition this program wrote (to keep
/// other commands' series): `name{label="value",…} value` lines; comments and anything
/// unreadable are skipped.
enum PrometheusText {
    struct Sample {
        var name: String
        var labels: [(String, String)]
        var value: Double
    }

    static func samples(_ text: String) -> [Sample] {
        text.split(separator: "\n").prefix(10_000).compactMap { line in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                  let value = Double(line[line.index(after: space)...]) else { return nil }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else {
                return Sample(name: String(series), labels: [], value: value)
            }
            guard series.hasSuffix("}") else { return nil }
            var labels: [(String, String)] = []
            for pair in series[series.index(after: brace)..<series.index(before: series.endIndex)].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[1].hasPrefix("\""), parts[1].hasSuffix("\""), parts[1].count >= 2 else { return nil }
                labels.append((String(parts[0]), String(parts[1].dropFirst().dropLast())))
            }
            return Sample(name: String(series[..<brace]), labels: labels, value: value)
        }
    }
}
