import FixedWidth
import PostgresClient

/// `autodebet instructions reverse REFERENCE --reason TEXT`: the bank took back a debit it
/// had reported paid. The instruction becomes reversed (autodebet.reverse_instruction()):
/// no finance view counts it as collected, and `close` run again makes the participant's
/// period unpaid unless another payment covers it. Only a paid debit can be reversed
/// (exit 4 otherwise). Under the period's lock, like everything that changes a period.
public struct InstructionReversal {
    public struct Outcome: Sendable, Equatable {
        public var reference: String
        public var period: Period
        public var bankCode: String
        public var amount: Int64
        /// The period was closed: `close` must run again to recompute its results.
        public var periodClosed: Bool
    }

    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    public func run(reference: String, reason: String) throws -> Outcome {
        let reason = try OperationReason.check(reason)
        guard let found = try connection.query(
            "SELECT period FROM autodebet.debit_instruction WHERE reference = $1", [reference]).first,
            let period = Period(try found.string("period")) else {
            throw AutodebetError(.invalidInput, "no debit instruction has the reference \(reference)")
        }
        try connection.acquire(.period(period))
        defer { try? connection.release(.period(period)) }
        return try connection.transaction {
            let row = try connection.query("""
                SELECT bank_code, amount, status FROM autodebet.debit_instruction
                 WHERE period = $1 AND reference = $2 FOR UPDATE
                """, [period.description, reference])[0]
            // The rule (only a paid debit) is the SQL function's; Swift says why not.
            let reversed = try connection.query("SELECT autodebet.reverse_instruction($1, $2, $3) AS n",
                                                [reference, period.description, reason])[0].int("n")
            guard reversed == 1 else { throw Self.notPaid(reference, InstructionStatus(rawValue: try row.string("status"))) }
            let outcome = Outcome(
                reference: reference, period: period, bankCode: try row.string("bank_code"), amount: try row.int64("amount"),
                periodClosed: try !connection.query("SELECT 1 FROM autodebet.closed_period WHERE period = $1",
                                                    [period.description]).isEmpty)
            var details = JSONObject()
            details.add("reason", reason)
            details.add("period", period.description)
            details.add("bank", outcome.bankCode)
            details.add("amount", outcome.amount)
            details.add("status", "paid -> reversed")
            try AuditLog.record(connection, action: "instructions.reverse", subject: reference, details: details.text)
            return outcome
        }
    }

    static func notPaid(_ reference: String, _ status: InstructionStatus?) -> AutodebetError {
        let why = switch status {
        case .submitted: "it awaits the bank's return"
        case .failed: "the bank reported it failed, so nothing was collected"
        case .cancelled: "its file was cancelled, so it never reached the bank"
        case .reversed: "it is already reversed"
        case .paid: "it could not be changed"
        case nil: "its status is unknown"
        }
        return AutodebetError(.refused, "\(reference) cannot be reversed: only a paid debit can be, and \(why)")
    }
}
