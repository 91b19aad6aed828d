import Autodebet
import FixedWidth

/// `holidays list` output.
enum HolidayRendering {
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    static func table(_ holidays: [Holiday], year: Int) -> String {
        guard !holidays.isEmpty else {
            return """
                No holidays loaded for \(year): debit and due dates in \(year) skip weekends only.
                Load the decree with: autodebet holidays import FILE.csv
                """
        }
        var table = TextTable(["DATE", "DAY", "KIND", "NAME", "DECREE"])
        for holiday in holidays {
            table.add([holiday.date.description, weekdays[holiday.date.weekday - 1],
                       holiday.kind == .collectiveLeave ? "cuti bersama" : "public holiday",
                       holiday.name, holiday.regulation ?? ""])
        }
        let leave = holidays.filter { $0.kind == .collectiveLeave }.count
        let summary = "\(holidays.count) non-business \(holidays.count == 1 ? "day" : "days") in \(year): "
            + "\(holidays.count - leave) public \(holidays.count - leave == 1 ? "holiday" : "holidays"), \(leave) cuti bersama."
        return table.rendered + "\n" + summary
    }

    static func csv(_ holidays: [Holiday]) -> String {
        var out = "date,kind,name\n"
        for holiday in holidays {
            out += "\(holiday.date),\(holiday.kind.rawValue),\(CSVText.field(holiday.name))\n"
        }
        return out
    }
}
