import FixedWidth
import PersonalData
import PostgresClient

/// `autodebet files cancel NAME --reason TEXT`: the bank rejected a whole debit file, or it
/// never reached the bank, so no money moved. Allowed only while the file awaits its
/// return (autodebet.cancel_debit_file() asks autodebet.debit_files(); Swift only says
/// why not); its instructions become cancelled, so that the next `generate` writes them again as a
/// replacement file of the same attempt. Under the period's lock: no returns import,
/// generate or close of the period can interleave.
public struct FileCancel {
    public struct Outcome: Sendable, Equatable {
        public var file: DebitFileRecord
        public var instructions: Int
    }

    let connection: PostgresConnection
    let today: CalendarDate
    let environment: [String: String]

    public init(connection: PostgresConnection, today: CalendarDate, environment: [String: String]) {
        self.connection = connection
        self.today = today
        self.environment = environment
    }

    public func run(name: String, reason: String) throws -> Outcome {
        let reason = try OperationReason.check(reason)
        let files = DebitFiles(connection: connection, today: today)
        let period = try files.named(name).period
        try connection.acquire(.period(period))
        defer { try? connection.release(.period(period)) }
        return try connection.transaction {
            let file = try files.named(name, forUpdate: true)
            if try !connection.query("SELECT 1 FROM autodebet.archived_period WHERE period = $1",
                                     [period.description]).isEmpty {
                throw AutodebetError(.refused, "\(name) cannot be cancelled: period \(period) is archived")
            }
            let cancelled = try connection.query("SELECT autodebet.cancel_debit_file($1, $2, $3::date) AS n",
                                                 [name, reason, today.description])[0].int("n")
            if cancelled == 0 { throw Self.notAwaiting(file) }
            guard cancelled == file.recordCount else {
                throw AutodebetError(.failure, """
                    \(name) records \(file.recordCount.grouped) debits but \(cancelled.grouped) awaited their return; \
                    nothing was cancelled
                    """)
            }
            var details = JSONObject()
            details.add("reason", reason)
            details.add("bank", file.bankCode)
            details.add("period", file.period.description)
            details.add("attempt", file.attempt)
            details.add("instructions_cancelled", cancelled)
            details.add("total_amount", file.totalAmount)
            details.add("sha256", file.sha256)
            try AuditLog.record(connection, action: "files.cancel", subject: name, details: details.text)
            Failpoint.hit("files.cancel.before-commit", environment: environment)
            return Outcome(file: file, instructions: cancelled)
        }
    }

    /// Why a file the database would not cancel is not awaiting its return (exit 4).
    static func notAwaiting(_ file: DebitFileRecord) -> AutodebetError {
        switch file.status {
        case .awaiting:
            return AutodebetError(.failure, "\(file.name) awaits its return but could not be cancelled; nothing changed")
        case .answered:
            return AutodebetError(.refused, """
                \(file.name) cannot be cancelled: return file \(file.returnFile ?? "?") answering it was imported \
                (money may have moved); reverse single debits with `autodebet instructions reverse`
                """)
        case .cancelled:
            return AutodebetError(.refused, "\(file.name) is already cancelled (\(Mask.text(file.cancelReason ?? "")))")
        }
    }
}
