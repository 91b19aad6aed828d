import FixedWidth
import Logging
import PostgresClient
#if canImport(Glibc)
import Glibc
#endif

/// The rules generate checks before writing anything: one contribution rule in force,
/// debit dates a bank can honour.
extension Generator {
    /// Exactly one tariff per sector and one tier table in force, or nothing is debited:
    /// no mandate may be silently skipped or charged by two rules.
    func checkContributionRules(_ period: Period) throws {
        if try !connection.query("SELECT 1 FROM autodebet.archived_period WHERE period = $1", [period.description]).isEmpty {
            throw AutodebetError(.refused, "period \(period) is archived: nothing can be generated for it")
        }
        let gaps = try connection.query(
            "SELECT rule, kind, in_force FROM autodebet.contribution_rule_gaps($1)", [period.description])
        guard gaps.isEmpty else {
            throw AutodebetError(.refused, "no single contribution rule for period \(period)", details: try gaps.map {
                "\(try $0.string("rule")): \(try $0.int("in_force")) \(try $0.string("kind")) in force (expected exactly 1)"
            })
        }
    }

    /// A debit date chosen by hand must be one a bank can debit on, from today on.
    func checkChosenDebitDate(_ date: CalendarDate, calendar: BusinessCalendar) throws {
        if date < today {
            throw AutodebetError(.invalidInput, "--debit-date \(date) is in the past (today is \(today))")
        }
        if date.weekday > 5 {
            throw AutodebetError(.invalidInput,
                                 "--debit-date \(date) is a \(date.weekday == 6 ? "Saturday" : "Sunday"), not a business day")
        }
        if calendar.holidays.contains(date) {
            throw AutodebetError(.invalidInput, """
                --debit-date \(date) is a holiday, not a business day (autodebet holidays list --year \(date.year))
                """)
        }
    }

    /// A bank cannot debit on a date that has passed: such an attempt is refused, with the
    /// way forward, unless nothing is due for it anyway. Nothing is generated for any bank.
    func refusePastDebitDates(_ planned: [PlannedBank], period: Period) throws {
        var late: [String] = []
        for bank in planned where bank.debitDate < today {
            let due = try connection.query("SELECT 1 FROM autodebet.generation_due($1, $2, $3, $4) LIMIT 1",
                                           [bank.bank.code, period.description, bank.attempt, bank.replacement])
            if !due.isEmpty {
                late.append("bank \(bank.bank.code) (\(bank.bank.name)) attempt \(bank.attempt): debit date \(bank.debitDate)")
            }
        }
        guard late.isEmpty else {
            throw AutodebetError(.refused, """
                the debit date has passed (today is \(today)); nothing was generated. Name a business day from \
                today on with --debit-date (and --bank for one bank):
                """, details: late)
        }
    }
}
