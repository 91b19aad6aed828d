import FixedWidth
import PersonalData

/// One valid row of the mandates CSV.
public struct MandateRow: Sendable, Equatable {
    public var line: Int
    public var mandateRef: String
    public var kpj: String
    public var nik: String
    public var name: String
    public var sector: String
    public var income: Int64
    public var jht: Bool
    public var bankCode: String
    public var accountNo: String
    /// The name on the account; the participant's name when the CSV leaves it empty.
    public var accountName: String
    public var signedOn: CalendarDate
    public var startPeriod: Period
    public var endPeriod: Period?
    public var paidThrough: Period?
    public var status: String

    public static let minimumIncome: Int64 = 1_000_000
    /// Keeps every percentage of the income well inside Int64 and 9(15) amount fields.
    public static let maximumIncome: Int64 = 999_999_999_999

    public enum Parsed: Sendable {
        case valid(MandateRow)
        case invalid([InputProblem])
    }

    /// Checks every field of a record; returns the row, or every problem found in it.
    /// `columns` maps each column to its index in the record (from the header).
    public static func parse(
        _ record: CSVRecord,
        columns: [MandateColumn: Int],
        banks: Set<String>,
        today: CalendarDate
    ) -> Parsed {
        var problems: [InputProblem] = []
        let line = record.line

        func value(_ column: MandateColumn) -> String {
            record.fields[columns[column]!]
        }
        func problem(_ column: MandateColumn, _ reason: String) {
            let raw = value(column)
            let shown = column.isPersonalData ? Mask.digits(raw) : raw
            problems.append(InputProblem(line: line, field: column.rawValue, value: shown, message: reason))
        }
        func required(_ column: MandateColumn) -> String? {
            let text = value(column)
            if text.isEmpty { problem(column, "is required"); return nil }
            return text
        }
        func period(_ column: MandateColumn, optional: Bool) -> Period? {
            let text = value(column)
            if text.isEmpty {
                if !optional { problem(column, "is required") }
                return nil
            }
            guard let period = Period(text) else { problem(column, "must be a period YYYY-MM"); return nil }
            return period
        }

        let mandateRef = required(.mandateRef)
        if let mandateRef, !(mandateRef.utf8.count <= 32 && mandateRef.utf8.allSatisfy(isReferenceByte)) {
            problem(.mandateRef, "must be 1 to 32 of A-Z a-z 0-9 - _")
        }
        let kpj = required(.kpj)
        if let kpj, !isDigits(kpj, count: 11...11) { problem(.kpj, "must be 11 digits") }
        let nik = required(.nik)
        if let nik, !isDigits(nik, count: 16...16) { problem(.nik, "must be 16 digits") }
        let name = value(.name)
        if name.trimmingSpaces.isEmpty {
            problem(.name, "is required")
        } else if name.hasControlCharacters {
            problem(.name, "contains control characters")
        }
        let sector = required(.sector)
        if let sector, Sector(rawValue: sector) == nil { problem(.sector, "must be general or transport") }
        var income: Int64 = 0
        if let text = required(.income) {
            if !isDigits(text, count: 1...15) {
                problem(.income, "must be whole rupiah, digits only")
            } else if let amount = Int64(text), amount >= minimumIncome, amount <= maximumIncome {
                income = amount
            } else {
                problem(.income, "must be at least \(minimumIncome.grouped) and at most \(maximumIncome.grouped)")
            }
        }
        let jht = required(.jht)
        if let jht, jht != "Y" && jht != "N" { problem(.jht, "must be Y or N") }
        let bankCode = required(.bankCode)
        if let bankCode {
            if !isDigits(bankCode, count: 3...3) {
                problem(.bankCode, "must be a 3-digit bank code")
            } else if !banks.contains(bankCode) {
                problem(.bankCode, "is not a registered bank")
            }
        }
        let accountNo = required(.accountNo)
        if let accountNo, !isDigits(accountNo, count: 6...16) { problem(.accountNo, "must be 6 to 16 digits") }
        let accountName = value(.accountName)
        if accountName.hasControlCharacters {
            problem(.accountName, "contains control characters")
        }
        var signedOn: CalendarDate?
        if let text = required(.signedOn) {
            if let date = CalendarDate(iso: text) {
                if date > today { problem(.signedOn, "is in the future") } else { signedOn = date }
            } else {
                problem(.signedOn, "must be a date YYYY-MM-DD")
            }
        }
        let start = period(.startPeriod, optional: false)
        let endPeriod = period(.endPeriod, optional: true)
        if let start, let endPeriod, endPeriod < start { problem(.endPeriod, "is before start_period") }
        let paidThrough = period(.paidThrough, optional: true)
        let status = required(.status)
        // A registry sends active or revoked; suspended and superseded are this program's.
        if let status, ![MandateStatus.active, .revoked].contains(where: { $0.rawValue == status }) {
            problem(.status, "must be active or revoked")
        }

        guard problems.isEmpty, let mandateRef, let kpj, let nik, let sector, let jht, let bankCode,
              let accountNo, let signedOn, let start, let status
        else { return .invalid(problems) }
        let trimmedName = name.trimmingSpaces
        let trimmedAccountName = accountName.trimmingSpaces
        return .valid(MandateRow(
            line: line, mandateRef: mandateRef, kpj: kpj, nik: nik, name: trimmedName, sector: sector,
            income: income, jht: jht == "Y", bankCode: bankCode, accountNo: accountNo,
            accountName: trimmedAccountName.isEmpty ? trimmedName : trimmedAccountName,
            signedOn: signedOn, startPeriod: start, endPeriod: endPeriod, paidThrough: paidThrough,
            status: status))
    }

    private static func isReferenceByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }

    private static func isDigits(_ text: String, count: ClosedRange<Int>) -> Bool {
        count.contains(text.utf8.count) && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

extension String {
    /// Without leading and trailing spaces (and tabs). Works on bytes: both are ASCII.
    var trimmingSpaces: String {
        let bytes = utf8
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = bytes.lastIndex(where: { !isSpace($0) })!
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return self }
        return String(self[first...last])
    }

    /// Whether any character is a control character (Unicode category Cc). Names are
    /// mostly ASCII, checked byte by byte; only others look at Unicode properties.
    var hasControlCharacters: Bool {
        var ascii = true
        for byte in utf8 {
            if byte < 0x20 || byte == 0x7F { return true }
            if byte >= 0x80 { ascii = false; break }
        }
        return !ascii && unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
