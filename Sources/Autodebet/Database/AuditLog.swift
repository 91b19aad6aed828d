import PostgresClient

/// The append-only audit trail (autodebet.audit_event; the database refuses updates and
/// deletes). One event per state change, written in the change's own transaction.
public enum AuditLog {
    /// `details` is a JSON object built by the caller from counts, names and hashes:
    /// never personal data.
    public static func record(_ connection: PostgresConnection, action: String, subject: String, details: String) throws {
        try connection.query(
            "INSERT INTO autodebet.audit_event (action, subject, details) VALUES ($1, $2, $3::jsonb)",
            [action, subject, details]
        )
    }
}

/// A JSON object from simple values, members in the order added: for audit details and
/// machine-readable output.
public struct JSONObject {
    private var members: [String] = []

    public init() {}

    public mutating func add(_ key: String, _ value: String) {
        members.append("\(Self.quote(key)):\(Self.quote(value))")
    }

    public mutating func add(_ key: String, _ value: some BinaryInteger) {
        members.append("\(Self.quote(key)):\(value)")
    }

    public mutating func add(_ key: String, _ value: Bool) {
        members.append("\(Self.quote(key)):\(value)")
    }

    /// A member whose value is already JSON (an object or array built the same way).
    public mutating func add(_ key: String, json: String) {
        members.append("\(Self.quote(key)):\(json)")
    }

    public mutating func add(_ key: String, strings: [String]) {
        members.append("\(Self.quote(key)):[\(strings.map(Self.quote).joined(separator: ","))]")
    }

    public var text: String { "{" + members.joined(separator: ",") + "}" }

    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
