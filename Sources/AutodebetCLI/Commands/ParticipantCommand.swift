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

    @Option(help: ArgumentHelp("List the attempts of the N latest closed periods (and of every open one); older periods show their result.",
                               valueName: "N"))
    var recent = ParticipantRecord.defaultRecentClosed

    @Flag(help: "List the attempts of every period.")
    var all = false

    func validate() throws {
        guard recent >= 1 else { throw ValidationError("--recent must be at least 1") }
    }

    func run() throws {
        guard let record = try ParticipantRecord.find(try database.connect(), kpjOrNIK: key,
                                                      recentClosed: all ? nil : recent) else {
            throw AutodebetError(.invalidInput, "no participant with \(key.count == 16 ? "NIK " + Mask.digits(key) : "KPJ " + key)")
        }
        print(ReportRendering.participant(record))
    }
}
