/// An error a person can act on, with the exit code product.md gives its kind.
///
/// Messages never carry account numbers, NIKs or passwords: callers mask first.
public struct AutodebetError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// Bad usage or an invalid input file; nothing was changed. Exit 2.
        case invalidInput
        /// Another run holds the lock for this work. Exit 3.
        case locked
        /// Refused by a rule (e.g. no tariff for the period). Exit 4.
        case refused
        /// Anything unexpected. Exit 1.
        case failure
    }

    public let kind: Kind
    public let message: String
    /// Further lines (e.g. every error of an input file), printed after the message.
    public let details: [String]

    public init(_ kind: Kind, _ message: String, details: [String] = []) {
        self.kind = kind
        self.message = message
        self.details = details
    }

    public var exitCode: Int32 {
        switch kind {
        case .failure: 1
        case .invalidInput: 2
        case .locked: 3
        case .refused: 4
        }
    }

    public var description: String {
        ([message] + details.map { "  " + $0 }).joined(separator: "\n")
    }
}
