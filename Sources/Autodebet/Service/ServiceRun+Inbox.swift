import FixedWidth
#if canImport(Glibc)
import Glibc
#endif

/// Step 1 of `run`: the inbox. Each settled return file is imported and moved to
/// `ARCHIVE/YYYY-MM/imported/` or `…/refused/` (the month of the run), a refused one with
/// `NAME.errors.txt` beside it listing every error. A file still being written (changed
/// within the settle time) and one whose period another run holds stay for the next run.
extension ServiceRun {
    /// At most this many files per run: a flood of files is a mistake, not a day's work.
    static let maxInboxFiles = 10_000

    func importInbox(_ request: Request, into outcome: inout Outcome) throws {
        let importer = ReturnImport(connection: connection, layouts: layouts, environment: environment, logger: logger)
        let names = try FileSystem.fileNames(in: request.inbox).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".tmp") }
        guard names.count <= Self.maxInboxFiles else {
            throw AutodebetError(.refused, "\(names.count) files in \(request.inbox): more than \(Self.maxInboxFiles); nothing was imported")
        }
        let now = time(nil)
        for name in names {
            let path = request.inbox + "/" + name
            guard let modified = FileSystem.regularFileModificationTime(path) else { continue }
            guard Int(now - modified) >= request.settleSeconds else {
                outcome.waiting.append(InboxFile(name: name, summary: "changed less than \(request.settleSeconds) s ago: left for the next run"))
                continue
            }
            var problems: [String] = []
            do {
                let summary: String
                switch try importer.run(path: path, onProblem: { problems.append("\($0)") }) {
                case .imported(let r):
                    summary = "the return of \(r.debitFile): \(r.answers.counted("answer")), \(r.paid) paid (Rp \(r.paidAmount.grouped))"
                case .alreadyImported(let debitFile, _):
                    summary = "already imported earlier (the return of \(debitFile)); nothing changed"
                }
                let archived = try archive(path, name: name, as: "imported", request: request)
                logger.info("imported a return file", metadata: ["file": "\(name)", "archived_as": "\(archived)"])
                outcome.imported.append(InboxFile(name: name, archivedAs: archived, summary: summary))
            } catch let error as AutodebetError where error.kind == .invalidInput {
                let archived = try archive(path, name: name, as: "refused", request: request)
                try FileSystem.writeText(problems.joined(separator: "\n") + "\n" + error.description + "\n",
                                         to: archived + ".errors.txt")
                logger.error("refused a return file", metadata: ["file": "\(name)", "archived_as": "\(archived)",
                                                                  "errors": "\(problems.count)"])
                outcome.refused.append(InboxFile(name: name, archivedAs: archived,
                                                 summary: "\(problems.count.counted("error")); see \(archived).errors.txt"))
            } catch let error as AutodebetError where error.kind == .locked {
                outcome.waiting.append(InboxFile(name: name, summary: "\(error.description): left for the next run"))
            }
        }
    }

    /// Moves a file of the inbox into `ARCHIVE/YYYY-MM/KIND/`, under its name, or with a
    /// number added when that name is taken (a bank may send a corrected file under the
    /// same name). Returns the new path.
    func archive(_ path: String, name: String, as kind: String, request: Request) throws -> String {
        let directory = "\(request.archive)/\(today.period)/\(kind)"
        try FileSystem.prepareDirectory(directory)
        var target = directory + "/" + name
        for number in 1...1000 where FileSystem.exists(target) || FileSystem.exists(target + ".errors.txt") {
            target = "\(directory)/\(name).\(number)"
        }
        guard !FileSystem.exists(target) else { throw AutodebetError(.failure, "\(directory) holds too many files named \(name)") }
        guard rename(path, target) == 0 else { throw AtomicFile.error("cannot move \(name) to", target) }
        try AtomicFile.syncDirectory(directory)
        try AtomicFile.syncDirectory(request.inbox)
        return target
    }
}
