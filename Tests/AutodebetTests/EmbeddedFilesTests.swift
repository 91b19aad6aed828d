import Autodebet
import Foundation
import Testing
import TestSupport

/// The schema and layouts compiled into the program are the repository's sql/ and layouts/,
/// byte for byte (scripts/embed-resources writes them; run it after changing either).
@Suite struct EmbeddedFilesTests {
    /// Every file the program embeds, from the repository: sql/KIND/*.sql and layouts/*.json.
    static func repositoryFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = RepositoryRoot.path
        for directory in ["sql/migrations", "sql/functions", "sql/views", "layouts"] {
            let suffix = directory == "layouts" ? ".json" : ".sql"
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + directory) where name.hasSuffix(suffix) {
                files[directory + "/" + name] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + directory + "/" + name))
            }
        }
        return files
    }

    @Test("the embedded migrations, definitions and layouts equal sql/ and layouts/ (run scripts/embed-resources when not)")
    func embeddedEqualRepository() throws {
        let repository = try Self.repositoryFiles()
        let embedded = Dictionary(uniqueKeysWithValues: EmbeddedFiles.all.map { ($0.path, Data($0.text.utf8)) })
        #expect(embedded.keys.sorted() == repository.keys.sorted())
        for (path, bytes) in repository {
            #expect(embedded[path] == bytes, "\(path) differs from its embedded copy: run scripts/embed-resources")
        }
        #expect(repository.keys.contains("sql/migrations/0011_service.sql"))
    }

    @Test("the embedded schema gives the same migrations, with the same SHA-256, as sql/")
    func migratorsAgree() throws {
        let embedded = try Migrator().migrations(), fromDisk = try Migrator(sqlDirectory: RepositoryRoot.sql).migrations()
        #expect(embedded.map(\.name) == fromDisk.map(\.name))
        #expect(embedded.map(\.sha256) == fromDisk.map(\.sha256))
        #expect(try Migrator().definitions().map(\.sha256) == Migrator(sqlDirectory: RepositoryRoot.sql).definitions().map(\.sha256))
        #expect(Migrator().schemaVersion == fromDisk.last?.version)
    }

    @Test("the built-in layouts load with no directory, and AUTODEBET_LAYOUTS adds to them")
    func builtInLayouts() throws {
        #expect(try Resources.locate(environment: [:]).layouts().names == ["bpd-a", "bpd-b"])
    }
}
