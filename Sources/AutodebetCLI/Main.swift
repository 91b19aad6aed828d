import ArgumentParser
import Foundation
import Autodebet
import Logging
import PostgresClient
#if canImport(Glibc)
import Glibc
#endif

/// Exit codes (product.md): 0 done, including nothing to do; 1 unexpected failure;
/// 2 bad usage or invalid input (nothing changed); 3 another run holds the lock;
/// 4 refused by a rule.
@main
enum Main {
    static func main() {
        Logs.bootstrap()
        let started = Date()
        var commandName = "autodebet"
        func finish(_ code: Int32) -> Never {
            MetricsFile.write(command: commandName, exitCode: code, duration: Date().timeIntervalSince(started))
            exit(code)
        }
        do {
            var command = try AutodebetCommand.parseAsRoot()
            commandName = AutodebetCommand.name(of: type(of: command))
            Logs.command = commandName
            try command.run()
            finish(0)
        } catch let error as AutodebetError {
            printError("autodebet: \(error.description)")
            finish(error.exitCode)
        } catch let error as PostgresError where error.isConnectionLoss {
            // libpq's text runs over lines ("server closed the connection unexpectedly\n\tThis
            // probably means …"): one line, and what it means for the work.
            let reason = error.description.split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            printError("autodebet: lost the connection to PostgreSQL (\(reason)); what this run had not committed "
                       + "was rolled back by the server: run it again once the database is back")
            finish(1)
        } catch let error as CommitOutcomeUnknown {
            printError("autodebet: \(error); run it again once the database is back: it finds out what was recorded")
            finish(1)
        } catch let error as PostgresError {
            // The description is safe by construction: no password, no row values. The
            // server's detail (masked) only at trace level, for a developer.
            printError("autodebet: database error: \(error)")
            if environment["AUTODEBET_LOG_LEVEL"] == "trace" {
                printError("autodebet: database error detail: \(error.debugDescription)")
            }
            finish(1)
        } catch {
            let code = AutodebetCommand.exitCode(for: error)
            if code == .success { AutodebetCommand.exit(withError: error) }   // --help, --version
            printError(AutodebetCommand.fullMessage(for: error))
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// Standard error, for messages to people (standard output carries results).
/// With AUTODEBET_LOG_FORMAT=json, a JSON log record (level error) like every other line
/// there, so that a log shipper reads standard error whole.
func printError(_ text: String) {
    if Logs.json {
        let message = text.hasPrefix("autodebet: ") ? String(text.dropFirst("autodebet: ".count)) : text
        Logs.logger.error("\(message)")
        return
    }
    var bytes = Array((text + "\n").utf8)
    _ = write(STDERR_FILENO, &bytes, bytes.count)
}

struct AutodebetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autodebet",
        abstract: "Collects BPJS Ketenagakerjaan BPU contributions by autodebit through the regional development banks.",
        discussion: """
            Connects with --database-url, else DATABASE_URL, else the libpq environment (PGHOST, PGPORT, \
            PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, …).
            Exit codes: 0 done (also when nothing was due), 1 unexpected failure, 2 bad usage or invalid input \
            (nothing changed), 3 another run holds the lock for this work, 4 refused by a rule.
            """,
        version: ProgramVersion.description,
        subcommands: [
            MigrateCommand.self,
            MandatesCommand.self,
            GenerateCommand.self,
            ReturnsCommand.self,
            CloseCommand.self,
            ReportCommand.self,
            ParticipantCommand.self,
            ValidateCommand.self,
            HolidaysCommand.self,
            ArchiveCommand.self,
            FilesCommand.self,
            InstructionsCommand.self,
            StatusCommand.self,
            RunCommand.self,
            SimulateBankCommand.self,
        ]
    )

    /// A command's full name ("returns import"), for logs and metrics.
    static func name(of type: any ParsableCommand.Type) -> String {
        func search(_ commands: [any ParsableCommand.Type], prefix: [String]) -> [String]? {
            for command in commands {
                let path = prefix + [command.configuration.commandName ?? "\(command)"]
                if ObjectIdentifier(command) == ObjectIdentifier(type) { return path }
                if let found = search(command.configuration.subcommands, prefix: path) { return found }
            }
            return nil
        }
        return search(configuration.subcommands, prefix: [])?.joined(separator: " ") ?? "autodebet"
    }
}
