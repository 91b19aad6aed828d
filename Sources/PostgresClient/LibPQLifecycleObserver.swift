#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts the libpq handles a connection creates and frees, so tests can prove that every
/// `PGconn` is finished and every `PGresult` is cleared exactly once.
///
/// It is installed through the task-local ``PostgresConnection/lifecycleObserver`` and captured when a
/// connection is created, so tests running in parallel each see only their own connections.
final class LibPQLifecycleObserver: @unchecked Sendable {  // @unchecked: all state is behind `mutex`
    struct Counts: Equatable, Sendable, CustomStringConvertible {
        var connectionsOpened = 0
        var connectionsFinished = 0
        var resultsCreated = 0
        var resultsCleared = 0

        var description: String {
            "connections \(connectionsOpened) opened / \(connectionsFinished) finished, "
                + "results \(resultsCreated) created / \(resultsCleared) cleared"
        }
    }

    // A pthread mutex rather than Synchronization.Mutex, which would need macOS 15.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var _counts = Counts()

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    var counts: Counts {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return _counts
    }

    func record(_ update: (inout Counts) -> Void) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        update(&_counts)
    }
}
