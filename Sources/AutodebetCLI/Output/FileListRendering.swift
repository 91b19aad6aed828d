import Autodebet
import FixedWidth
import PersonalData

/// `files list` output: a table for people, CSV and JSON for machines. File names,
/// counts and rupiah only; a cancellation's reason is shown masked like any typed text.
enum FileListRendering {
    static func status(_ file: DebitFileRecord, today: CalendarDate, environment: [String: String]) -> String {
        switch file.status {
        case .awaiting where file.debitDate > today:
            return "awaiting, debit date ahead"
        case .awaiting:
            let age = (file.ageBusinessDays ?? 0).counted("business day")
            return file.overdue ? "OVERDUE: awaiting, \(age) since the debit date" : "awaiting, \(age)"
        case .answered:
            return "answered by \(file.returnFile ?? "?")"
        case .cancelled:
            let when = file.cancelledAt.map { LocalTime.text(epochSeconds: $0, environment: environment) } ?? "?"
            return "cancelled \(when): \(Mask.text(file.cancelReason ?? ""))"
        }
    }

    static func table(_ files: [DebitFileRecord], today: CalendarDate, environment: [String: String]) -> String {
        guard !files.isEmpty else { return "No debit file matches." }
        var table = TextTable(["FILE", "BANK", "PERIOD", "ATTEMPT", "DEBIT DATE", "RECORDS", "TOTAL (RP)", "STATUS"],
                              rightAligned: [3, 5, 6])
        for file in files {
            table.add([file.name, "\(file.bankCode) \(file.bankName)", file.period.description, "\(file.attempt)",
                       file.debitDate.description, file.recordCount.grouped, file.totalAmount.grouped,
                       status(file, today: today, environment: environment)])
        }
        let overdue = files.filter(\.overdue).count
        var lines = [table.rendered, "\(files.count.counted("file")); \(overdue) overdue."]
        if overdue > 0 { lines.append("Overdue: ask the bank for the return, or cancel the file if it never reached the bank.") }
        return lines.joined(separator: "\n")
    }

    static let csvHeader = "file,bank_code,bank_name,period,attempt,sequence,debit_date,records,amount,status,"
        + "age_business_days,overdue,return_file,cancelled_at,cancel_reason"

    static func csv(_ files: [DebitFileRecord], environment: [String: String]) -> String {
        var lines = [csvHeader]
        for file in files {
            let cancelledAt = file.cancelledAt.map { LocalTime.text(epochSeconds: $0, environment: environment) } ?? ""
            lines.append([file.name, file.bankCode, file.bankName, file.period.description, "\(file.attempt)",
                          "\(file.sequence)", file.debitDate.description, "\(file.recordCount)", "\(file.totalAmount)",
                          file.status.rawValue, file.ageBusinessDays.map { "\($0)" } ?? "", "\(file.overdue)",
                          file.returnFile ?? "", cancelledAt, Mask.text(file.cancelReason ?? "")]
                .map(CSVText.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ files: [DebitFileRecord], environment: [String: String]) -> String {
        let objects = files.map { file in
            var o = JSONObject()
            o.add("file", file.name)
            o.add("bank_code", file.bankCode)
            o.add("bank_name", file.bankName)
            o.add("period", file.period.description)
            o.add("attempt", file.attempt)
            o.add("sequence", file.sequence)
            o.add("debit_date", file.debitDate.description)
            o.add("records", file.recordCount)
            o.add("amount", file.totalAmount)
            o.add("status", file.status.rawValue)
            o.add("age_business_days", json: file.ageBusinessDays.map { "\($0)" } ?? "null")
            o.add("overdue", file.overdue)
            o.add("return_file", json: file.returnFile.map(JSONObject.quote) ?? "null")
            o.add("cancelled_at", json: file.cancelledAt.map {
                JSONObject.quote(LocalTime.text(epochSeconds: $0, environment: environment)) } ?? "null")
            o.add("cancel_reason", json: file.cancelReason.map { JSONObject.quote(Mask.text($0)) } ?? "null")
            return o.text
        }
        return "[" + objects.joined(separator: ",") + "]"
    }
}
