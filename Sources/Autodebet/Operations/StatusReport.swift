import FixedWidth
import Logging
import PostgresClient

/// `autodebet status`: what needs a person today, across the open periods (those with
/// work left, autodebet.open_periods(), and the current and next month): per bank the
/// latest attempt and the next one due (the same decision generate makes), files
/// awaiting a return (overdue first), refused return files not followed by an accepted
/// one (autodebet.open_refusals()), periods ready to close, and the last year with
/// holidays loaded.
public struct StatusReport: Sendable {
    public struct BankLine: Sendable, Equatable {
        public var bank: Bank
        public var latestAttempt: Int?
        /// The attempt due next (a replacement: the latest one again), or nil.
        public var dueAttempt: Int?
        public var replacement = false
        /// The due attempt's debit date (none for a replacement: generate picks it).
        public var debitDate: CalendarDate?
        /// Why nothing is due, when nothing is.
        public var notDue: String?
    }

    public struct PeriodLine: Sendable, Equatable {
        public var period: Period
        public var closed: Bool
        public var dueDate: CalendarDate
        public var banks: [BankLine] = []
        /// Why the period can be closed (again) now, or nil.
        public var readyToClose: String?
    }

    public struct Refusal: Sendable, Equatable {
        public var fileName: String
        public var receivedAt: Int64
        public var debitFile: String?
        public var errorCount: Int
        public var firstError: String?
    }

    public var today: CalendarDate
    public var periods: [PeriodLine] = []
    public var awaiting: [DebitFileRecord] = []
    public var refusals: [Refusal] = []
    public var holidaysThrough: Int?

    public var overdueCount: Int { awaiting.filter(\.overdue).count }
    /// For `--check`: an overdue file or a refused return needs a person.
    public var needsPerson: Bool { overdueCount > 0 || !refusals.isEmpty }

    public static func load(connection: PostgresConnection, layouts: LayoutCatalog, today: CalendarDate,
                            environment: [String: String], logger: Logger) throws -> StatusReport {
        var report = StatusReport(today: today)
        let calendar = try BusinessCalendar.load(connection)
        report.holidaysThrough = calendar.yearsLoaded.max()
        report.awaiting = try DebitFiles(connection: connection, today: today).list(.init(status: .awaiting))
        report.refusals = try connection.query("""
            SELECT file_name, extract(epoch FROM received_at)::bigint AS received_at, debit_file, error_count, first_error
              FROM autodebet.open_refusals($1::date)
            """, [today.description]).map {
            Refusal(fileName: try $0.string("file_name"), receivedAt: try $0.int64("received_at"),
                    debitFile: try $0.optionalString("debit_file"), errorCount: try $0.int("error_count"),
                    firstError: try $0.optionalString("first_error"))
        }
        let open = try connection.query("SELECT period, closed, late_returns, awaiting_files FROM autodebet.open_periods($1::date)",
                                        [today.description])
        var periods: [Period: (closed: Bool, late: Int, awaiting: Int, generated: Bool)] = [:]
        for row in open {
            guard let period = Period(try row.string("period")) else { continue }
            periods[period] = (try row.bool("closed"), try row.int("late_returns"), try row.int("awaiting_files"), true)
        }
        // The month and the next: attempt 1 may be due before anything was generated.
        for period in [today.period, today.period.next] where periods[period] == nil {
            let done = try connection.query("""
                SELECT 1 FROM autodebet.closed_period WHERE period = $1
                UNION ALL SELECT 1 FROM autodebet.archived_period WHERE period = $1
                """, [period.description])
            if done.isEmpty { periods[period] = (false, 0, 0, false) }
        }
        let generator = Generator(connection: connection, layouts: layouts, today: today,
                                  environment: environment, logger: logger)
        let banks = try Bank.all(connection).filter(\.active)
        for (period, state) in periods.sorted(by: { $0.key < $1.key }) {
            var line = PeriodLine(period: period, closed: state.closed, dueDate: try calendar.dueDate(period: period))
            for bank in banks {
                guard let bankLine = try bankLine(bank, period: period, generator: generator, calendar: calendar,
                                                  connection: connection) else { continue }
                // A month never generated whose first debit date has passed (before the
                // program was in use) is history, not work.
                if !state.generated, bankLine.latestAttempt == nil, let date = bankLine.debitDate, date < today { continue }
                line.banks.append(bankLine)
            }
            let pending = line.banks.contains { $0.dueAttempt != nil }
            if state.awaiting == 0 && today > line.dueDate && !line.banks.isEmpty {
                if !state.closed && !pending {
                    line.readyToClose = "due on \(line.dueDate), every return in"
                } else if state.closed && state.late > 0 {
                    line.readyToClose = "\(state.late.counted("return")) imported after its close: close it again"
                }
            }
            if !line.banks.isEmpty || state.closed { report.periods.append(line) }
        }
        return report
    }

    /// One bank's line for a period, or nil when it has nothing there and nothing due.
    private static func bankLine(_ bank: Bank, period: Period, generator: Generator, calendar: BusinessCalendar,
                                 connection: PostgresConnection) throws -> BankLine? {
        let latest = try connection.query(
            "SELECT max(number) AS n FROM autodebet.attempt WHERE bank_code = $1 AND period = $2",
            [bank.code, period.description])[0].optionalInt64("n").map(Int.init)
        switch try generator.nextAttempt(bank: bank, period: period) {
        case .due(let attempt):
            if latest == nil, try connection.query("SELECT 1 FROM autodebet.attempt_due($1, $2, 1) LIMIT 1",
                                                   [bank.code, period.description]).isEmpty {
                return nil
            }
            let date = try calendar.debitDate(period: period, debitDay: bank.debitDays[attempt - 1])
            return BankLine(bank: bank, latestAttempt: latest, dueAttempt: attempt, debitDate: date)
        case .replacement(let attempt, _):
            return BankLine(bank: bank, latestAttempt: latest, dueAttempt: attempt, replacement: true)
        case .none(let number, let reason):
            return BankLine(bank: bank, latestAttempt: number, notDue: reason)
        }
    }
}
