/// One code a bank answers a debit with, and what it means.
public struct ResponseCode: Hashable, Sendable {
    public let code: String
    public let outcome: OutcomeClass
    public let description: String

    public init(code: String, outcome: OutcomeClass, description: String) {
        self.code = code
        self.outcome = outcome
        self.description = description
    }
}
