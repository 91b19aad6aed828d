import Foundation

/// Inline SVG charts drawn in Swift (no script, no library, nothing fetched): bars,
/// stacked bars, a funnel and lines, sized in user units and scaled to the page width.
/// Every text is escaped; coordinates are written with one decimal so output is stable.
struct SVGChart {
    let width: Double
    let height: Double
    let title: String
    private(set) var body: [String] = []

    init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(format: "%.1f", tenths / 10)
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, label: String? = nil) {
        let tip = label.map { "<title>\(HTMLText.escape($0))</title>" } ?? ""
        body.append("<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(width, 0)))\" "
                    + "height=\"\(Self.number(max(height, 0)))\" fill=\"\(fill)\">\(tip)</rect>")
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#c8c8c8", width: Double = 1) {
        body.append("<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" "
                    + "stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ text: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 11,
                       fill: String = "#222", bold: Bool = false) {
        body.append("<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor.rawValue)\" "
                    + "font-size=\"\(Self.number(size))\" fill=\"\(fill)\"\(bold ? " font-weight=\"bold\"" : "")>"
                    + "\(HTMLText.escape(text))</text>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String) {
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        body.append("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"2\"/>")
        for (x, y) in points {
            body.append("<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"3\" fill=\"\(stroke)\"/>")
        }
    }

    /// A row of coloured squares with their names.
    mutating func legend(_ items: [(String, String)], x: Double, y: Double) {
        var left = x
        for (name, colour) in items {
            rect(x: left, y: y - 9, width: 10, height: 10, fill: colour)
            text(name, x: left + 14, y: y)
            left += 24 + Double(name.count) * 6.2
        }
    }

    var svg: String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Self.number(width)) \(Self.number(height))" \
        width="\(Self.number(width))" height="\(Self.number(height))" role="img" aria-label="\(HTMLText.escape(title))">
        <title>\(HTMLText.escape(title))</title>
        \(body.joined(separator: "\n"))
        </svg>
        """
    }

    /// A round upper bound for an axis (1, 2 or 5 times a power of ten) at or above `value`.
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        var step = 1.0
        for _ in 0..<30 where step * 10 <= value { step *= 10 }
        for factor in [1.0, 2.0, 5.0, 10.0] where step * factor >= value { return step * factor }
        return step * 10
    }
}
