import PostgresClient

/// The work that must never run twice at once, as PostgreSQL session advisory locks.
/// A run that dies loses its session and so its lock: nothing is left behind.
public enum WorkLock {
    case migrate
    case mandatesImport
    case generate(period: Int)   // YYYYMM
    case returnsImport
    case close(period: Int)      // YYYYMM

    /// classID 0x4144 ("AD") + kind, so our keys stay apart from other applications'.
    public var key: AdvisoryLockKey {
        switch self {
        case .migrate: AdvisoryLockKey(classID: 0x4144_0001, objectID: 0)
        case .mandatesImport: AdvisoryLockKey(classID: 0x4144_0002, objectID: 0)
        case .generate(let period): AdvisoryLockKey(classID: 0x4144_0003, objectID: Int32(period))
        case .returnsImport: AdvisoryLockKey(classID: 0x4144_0004, objectID: 0)
        case .close(let period): AdvisoryLockKey(classID: 0x4144_0005, objectID: Int32(period))
        }
    }

    public var work: String {
        switch self {
        case .migrate: "migrate"
        case .mandatesImport: "mandates import"
        case .generate(let period): "generate for period \(period / 100)-\(String(format2: period % 100))"
        case .returnsImport: "returns import"
        case .close(let period): "close for period \(period / 100)-\(String(format2: period % 100))"
        }
    }
}

extension PostgresConnection {
    /// Takes the lock or throws `.locked` (exit 3); the lock lasts until `release` or
    /// until the connection ends.
    public func acquire(_ lock: WorkLock) throws {
        guard try tryAdvisoryLock(lock.key) else {
            throw AutodebetError(.locked, "another run holds the lock for \(lock.work); try again when it has finished")
        }
    }

    public func release(_ lock: WorkLock) throws {
        try advisoryUnlock(lock.key)
    }
}

extension String {
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
