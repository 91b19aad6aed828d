import Testing
import TestSupport

@testable import PostgresClient

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TestDatabase {
    /// Runs `body` with a fresh lifecycle observer installed for the connections it creates.
    static func observing<R>(_ body: (LibPQLifecycleObserver) throws -> R) throws -> R {
        let observer = LibPQLifecycleObserver()
        return try PostgresConnection.$lifecycleObserver.withValue(observer) { try body(observer) }
    }

    static func connect() throws -> PostgresConnection {
        try connect(applicationName: "postgres-client-tests")
    }
}

/// An error thrown by test bodies, to check it is the one rethrown.
struct Marker: Error, Equatable {
    var id = 0
}
