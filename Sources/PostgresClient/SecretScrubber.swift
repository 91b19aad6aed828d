import CLibPQ

/// Replaces the connection's secrets with "***" in every message this client builds.
///
/// libpq echoes a malformed URI, password included, in its error message, so besides the parsed
/// password the whole conninfo and a best-effort textual extraction of the password are scrubbed too.
struct SecretScrubber: Sendable {
    static let mask = "***"

    /// Longest first, so a secret that contains another is replaced whole.
    let secrets: [String]

    init(conninfo: String, environmentPassword: String?) {
        var found: Set<String> = []
        if let environmentPassword { found.insert(environmentPassword) }
        if !conninfo.isEmpty {
            found.insert(conninfo)
            if let parsed = Self.parsedPassword(conninfo) { found.insert(parsed) }
            found.formUnion(Self.textualPasswords(conninfo))
        }
        secrets = found.filter { !$0.isEmpty }.sorted { $0.utf8.count > $1.utf8.count }
    }

    func scrub(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacing(secret, with: Self.mask)
        }
        return text
    }

    func scrub(_ text: String?) -> String? { text.map { scrub($0) } }

    /// The password keyword as libpq itself understands the conninfo (URL decoded, quotes removed).
    private static func parsedPassword(_ conninfo: String) -> String? {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            if let errorMessage { PQfreemem(errorMessage) }
            return nil
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", let value = option.pointee.val {
                return String(cString: value)
            }
            option += 1
        }
        return nil
    }

    /// Password-looking substrings found without parsing, for conninfo strings libpq cannot parse:
    /// the URL userinfo password (raw and percent-decoded) and any `password=` value.
    static func textualPasswords(_ conninfo: String) -> [String] {
        var results: [String] = []
        if let schemeEnd = conninfo.firstRange(of: "://"),
            let at = conninfo[schemeEnd.upperBound...].lastIndex(of: "@")
        {
            let userinfo = conninfo[schemeEnd.upperBound..<at]
            if let colon = userinfo.firstIndex(of: ":") {
                let raw = String(userinfo[userinfo.index(after: colon)...])
                results.append(raw)
                if let decoded = percentDecoded(raw) { results.append(decoded) }
            }
        }
        var rest = conninfo[...]
        while let keyword = rest.firstRange(of: "password") {
            var value = rest[keyword.upperBound...].drop { $0 == " " }
            rest = rest[keyword.upperBound...]
            guard value.first == "=" else { continue }
            value = value.dropFirst().drop { $0 == " " }
            if value.first == "'" {
                // Quoted key=value form: up to the closing quote, honouring backslash escapes.
                var secret = ""
                var escaped = false
                for character in value.dropFirst() {
                    if escaped {
                        secret.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "'" {
                        break
                    } else {
                        secret.append(character)
                    }
                }
                results.append(secret)
                results.append(String(value.dropFirst().prefix { $0 != "'" }))
            } else {
                let secret = String(value.prefix { $0 != " " && $0 != "&" && $0 != "\t" && $0 != "\n" })
                results.append(secret)
                if let decoded = percentDecoded(secret) { results.append(decoded) }
            }
        }
        return results
    }

    private static func percentDecoded(_ text: String) -> String? {
        guard text.contains("%") else { return nil }
        let source = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "%"), index + 2 < source.count,
                let value = UInt8(String(decoding: source[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
