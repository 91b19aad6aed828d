/// The two-int4 key of a PostgreSQL advisory lock (pg_try_advisory_lock(int4, int4)).
public struct AdvisoryLockKey: Hashable, Sendable {
    public var classID: Int32
    public var objectID: Int32

    public init(classID: Int32, objectID: Int32) {
        self.classID = classID
        self.objectID = objectID
    }
}
