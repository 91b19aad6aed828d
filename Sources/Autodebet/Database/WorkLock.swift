#if canImport(Glibc)
import Glibc
#endif
import FixedWidth
import PostgresClient

/// The work that must never run twice at once, as PostgreSQL session advisory locks.
/// A run that dies loses its session and so its lock: nothing is left behind.
///
/// Everything that changes a period (generate, returns import of its files, close) takes
/// that period's lock, so none of them can interleave with another for the same period.
public enum WorkLock {
    case migrate
    case mandatesImport
    case period(Period)
    /// One return file (by the first bytes of its SHA-256): never imported twice at once.
    case returnFile(sha256: String)
    /// Deriving participants' statuses reads every period's results: one at a time,
    /// queued (a transaction lock), whatever the period.
    case participantStatuses
    /// `autodebet run`, the daily job: one at a time, whatever it will touch.
    case serviceRun

    /// classID 0x4144 ("AD") + kind, so our keys stay apart from other applications'.
    public var key: AdvisoryLockKey {
        switch self {
        case .migrate: AdvisoryLockKey(classID: 0x4144_0001, objectID: 0)
        case .mandatesImport: AdvisoryLockKey(classID: 0x4144_0002, objectID: 0)
        case .period(let period): AdvisoryLockKey(classID: 0x4144_0003, objectID: Int32(period.year * 100 + period.month))
        case .participantStatuses: AdvisoryLockKey(classID: 0x4144_0006, objectID: 0)
        case .serviceRun: AdvisoryLockKey(classID: 0x4144_0007, objectID: 0)
        case .returnFile(let sha256):
            AdvisoryLockKey(classID: 0x4144_0004, objectID: Int32(bitPattern: UInt32(sha256.prefix(8), radix: 16) ?? 0))
        }
    }

    public var work: String {
        switch self {
        case .migrate: "migrate"
        case .mandatesImport: "mandates import"
        case .period(let period): "period \(period)"
        case .participantStatuses: "deriving participant statuses"
        case .serviceRun: "autodebet run"
        case .returnFile(let sha256): "the return file with SHA-256 \(sha256.prefix(12))…"
        }
    }
}

extension PostgresConnection {
    /// How long a run waits for a lock whose holder's process has ended on this machine:
    /// the server closes such a session within about a second (client_connection_check_interval)
    /// and rolls its transaction back; more than that is a server in trouble, reported as locked.
    static let deadHolderWait = 100 * 100_000 as useconds_t

    /// Takes the lock or throws `.locked` (exit 3), naming who holds it so that a person
    /// can tell a live run from a dying one; the lock lasts until `release` or until the
    /// connection ends. A holder whose process is known dead (killed on this machine, its
    /// session not yet closed by the server) is waited for, up to `deadHolderWait`.
    public func acquire(_ lock: WorkLock) throws {
        var waited: useconds_t = 0
        while !(try tryAdvisoryLock(lock.key)) {
            let lookup = Result { try advisoryLockHolder(lock.key) }
            guard Self.shouldRetry(after: lookup, waited: waited) else {
                let holder = (try? lookup.get()).flatMap { $0 }
                throw AutodebetError(.locked, """
                    another run holds the lock for \(lock.work)\(Self.describe(holder, waited: waited)); \
                    try again when it has finished
                    """)
            }
            usleep(100_000)
            waited += 100_000
        }
    }

    /// Whether a run refused the lock tries again: when the holder is nowhere to be seen
    /// (it released the lock, or its session is ending: a backend leaves pg_stat_activity
    /// before its locks go), or when its process has ended on this machine; for at most
    /// `deadHolderWait`. A live holder, or one we cannot look up, means exit 3 at once.
    static func shouldRetry(after lookup: Result<AdvisoryLockHolder?, any Error>, waited: useconds_t) -> Bool {
        guard waited < deadHolderWait, case .success(let holder) = lookup else { return false }
        guard let holder else { return true }
        return ClientIdentity(applicationName: holder.applicationName)?.hasEndedOnThisMachine == true
    }

    static func describe(_ holder: AdvisoryLockHolder?, waited: useconds_t) -> String {
        guard let holder else { return "" }
        let activity = holder.activity.isEmpty ? "" : ", \(holder.activity)"
        guard let client = ClientIdentity(applicationName: holder.applicationName) else {
            let name = holder.applicationName.isEmpty ? "a session" : holder.applicationName
            return " (held by \(name) (pid \(holder.serverPID)\(activity)))"
        }
        let ended = waited > 0 ? "; its process has ended, and the server has not closed its session after \(waited / 1_000_000) s" : ""
        return " (held by autodebet (pid \(client.pid) on \(client.host), server pid \(holder.serverPID)\(activity))\(ended))"
    }

    public func release(_ lock: WorkLock) throws {
        try advisoryUnlock(lock.key)
    }

    /// Waits for the lock, held until the transaction ends.
    public func waitForTransactionLock(_ lock: WorkLock) throws {
        try advisoryTransactionLock(lock.key)
    }
}
