import Autodebet
import TestSupport

extension TestDatabase {
    /// A fresh database for one test, migrated (the compiled-in schema, sql/ of this repository) unless
    /// `migrated` is false.
    static func make(migrated: Bool = true) throws -> TestDatabase {
        try make(preparedBy: migrated ? { try Migrator().migrate($0) } : nil)
    }

    static var repositoryRoot: String { RepositoryRoot.path }
}

func fixture(_ relative: String) -> String { RepositoryRoot.fixture(relative) }
