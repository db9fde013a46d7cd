/// Why a queue call failed, for callers to match on.
public struct JobQueueError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case leaseLost, notFound, storage
    }

    private let code: Code
    /// One line saying what happened.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The lease expired and another worker took the job, or the job was cancelled: the
    /// holder must stop and must not report it complete.
    public static func leaseLost(_ id: String) -> JobQueueError {
        JobQueueError(.leaseLost, "job \(id) is no longer leased to this worker")
    }

    /// No job has this id.
    public static func notFound(_ id: String) -> JobQueueError {
        JobQueueError(.notFound, "no job \(id) in this queue")
    }

    /// The store failed (SQLite, Redis).
    public static func storage(_ reason: String) -> JobQueueError {
        JobQueueError(.storage, "job queue: \(reason)")
    }

    /// Whether this is a lost lease.
    public var isLeaseLost: Bool { code == .leaseLost }
    /// Whether this is an unknown id.
    public var isNotFound: Bool { code == .notFound }

    public var description: String { message }

    public static func == (lhs: JobQueueError, rhs: JobQueueError) -> Bool { lhs.code == rhs.code }
}
