/// Typed access to one JSON object of a layout file, reporting every problem to a shared
/// list with the object's context ("debit detail, field 'amount'") in front.
struct JSONObjectReader {
    let members: [String: JSONValue]
    let context: String

    /// nil (after reporting) when `value` is not an object.
    init?(_ value: JSONValue?, context: String, problems: inout [String]) {
        guard let value else {
            problems.append("\(context): missing")
            return nil
        }
        guard case .object(let members) = value else {
            problems.append("\(context): expected an object, found \(value.typeName)")
            return nil
        }
        self.members = members
        self.context = context
    }

    /// Reports keys not in `allowed`: a misspelt optional key would otherwise be ignored.
    func rejectUnknownKeys(allowing allowed: Set<String>, problems: inout [String]) {
        for key in members.keys.sorted() where !allowed.contains(key) {
            let known = allowed.sorted().joined(separator: ", ")
            problems.append("\(context): unknown key '\(key)' (known keys: \(known))")
        }
    }

    func string(_ key: String, required: Bool = true, problems: inout [String]) -> String? {
        switch members[key] {
        case .string(let text)?:
            return text
        case nil:
            if required { problems.append("\(context): missing '\(key)'") }
            return nil
        case let other?:
            problems.append("\(context): '\(key)' must be a string, found \(other.typeName)")
            return nil
        }
    }

    func integer(_ key: String, required: Bool = true, problems: inout [String]) -> Int? {
        switch members[key] {
        case .integer(let number)?:
            return number
        case nil:
            if required { problems.append("\(context): missing '\(key)'") }
            return nil
        case let other?:
            problems.append("\(context): '\(key)' must be an integer, found \(other.typeName)")
            return nil
        }
    }

    func array(_ key: String, problems: inout [String]) -> [JSONValue]? {
        switch members[key] {
        case .array(let elements)?:
            return elements
        case nil:
            problems.append("\(context): missing '\(key)'")
            return nil
        case let other?:
            problems.append("\(context): '\(key)' must be an array, found \(other.typeName)")
            return nil
        }
    }
}
