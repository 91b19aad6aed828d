/// A layout file that cannot be used, with every problem found in it (not only the first),
/// so that whoever edits the file can fix them in one pass.
public struct LayoutError: Error, Sendable, CustomStringConvertible {
    /// The file (or other source) the layout came from.
    public let source: String
    /// One sentence per problem, each naming the record and field at fault.
    public let problems: [String]

    public init(source: String, problems: [String]) {
        self.source = source
        self.problems = problems
    }

    public var description: String {
        let noun = problems.count == 1 ? "problem" : "problems"
        return "layout \(source): \(problems.count) \(noun):\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
