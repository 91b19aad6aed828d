import ArgumentParser
import Autodebet
import PersonalData

struct ParticipantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "participant",
        abstract: "One participant: status, mandates (account masked), and the history of each period.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("KPJ (11 digits) or NIK (16 digits).", valueName: "kpj-or-nik"))
    var key: String

    func run() throws {
        guard let record = try ParticipantRecord.find(try database.connect(), kpjOrNIK: key) else {
            throw AutodebetError(.invalidInput, "no participant with \(key.count == 16 ? "NIK " + Mask.digits(key) : "KPJ " + key)")
        }
        print(ReportRendering.participant(record))
    }
}
