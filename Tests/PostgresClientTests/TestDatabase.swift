import Testing

@testable import PostgresClient

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// These tests need a real server. Without one they fail loudly rather than skip, so a run that
/// forgot the database cannot pass as green.
enum TestDatabase {
    struct MissingServer: Error, CustomStringConvertible {
        var description: String { "PGHOST is not set: run `make test`, which starts a throwaway PostgreSQL" }
    }

    static func requireServer() throws {
        if getenv("PGHOST") == nil { throw MissingServer() }
    }

    /// A connection from the libpq environment exported by scripts/with-postgres.
    static func connect(applicationName: String = "postgres-client-tests") throws -> PostgresConnection {
        try requireServer()
        return try PostgresConnection(applicationName: applicationName)
    }

    /// Runs `body` with a fresh lifecycle observer installed for the connections it creates.
    static func observing<R>(_ body: (LibPQLifecycleObserver) throws -> R) throws -> R {
        let observer = LibPQLifecycleObserver()
        return try PostgresConnection.$lifecycleObserver.withValue(observer) { try body(observer) }
    }
}

/// An error thrown by test bodies, to check it is the one rethrown.
struct Marker: Error, Equatable {
    var id = 0
}
