import Foundation

/// One unit of background work and everything known about it.
///
/// A job's `kind` picks the handler that runs it and its `payload` is that handler's input
/// (JSON that only the handler reads), so the queues store every kind alike.
public struct Job: Sendable, Codable, Equatable, Identifiable {
    /// Unique, sortable by submission time (`j` + time + random).
    public var id: String
    /// The handler that runs it (`generate`, …).
    public var kind: String
    /// A short label for listings (a book's title).
    public var title: String
    /// The handler's input, as JSON.
    public var payload: String
    /// Where it is in its life.
    public var status: JobStatus
    /// Leases taken so far (a crashed worker's lease counts).
    public var attempts: Int
    /// Leases allowed before the job fails for good.
    public var maxAttempts: Int
    /// When it was submitted.
    public var createdAt: Date
    /// When its latest lease was taken.
    public var startedAt: Date?
    /// When it reached a final status.
    public var finishedAt: Date?
    /// The worker holding (or that last held) its lease.
    public var worker: String?
    /// The latest progress its handler reported.
    public var progress: JobProgress?
    /// What it produced (JSON), once done.
    public var result: String?
    /// Why its latest attempt failed.
    public var error: String?
    /// Whether a cancellation was asked for while it runs.
    public var cancelRequested: Bool

    enum CodingKeys: String, CodingKey {
        case id, kind, title, payload, status, attempts, progress, result, error, worker
        case maxAttempts = "max_attempts", createdAt = "created_at", startedAt = "started_at"
        case finishedAt = "finished_at", cancelRequested = "cancel_requested"
    }

    /// A new job, queued now.
    public init(id: String = Job.newID(), submission: JobSubmission, createdAt: Date = Date()) {
        self.id = id
        kind = submission.kind
        title = submission.title
        payload = submission.payload
        status = .queued
        attempts = 0
        maxAttempts = submission.maxAttempts
        self.createdAt = createdAt
        cancelRequested = false
    }

    /// A fresh id: milliseconds since 1970 in base 36 (so ids sort by time) and 8 random hex digits.
    public static func newID(now: Date = Date()) -> String {
        let millis = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        let time = String(millis, radix: 36)
        let random = String(format: "%08x", UInt32.random(in: 0...UInt32.max))
        return "j" + time + random
    }

    /// Whether `text` could be a job id (what `folio jobs show` accepts).
    public static func isValidID(_ text: String) -> Bool {
        text.count >= 2 && text.count <= 64 && text.hasPrefix("j")
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}

/// What `folio submit` hands the queue.
public struct JobSubmission: Sendable, Equatable {
    /// The handler kind.
    public var kind: String
    /// A short label for listings.
    public var title: String
    /// The handler's input, as JSON.
    public var payload: String
    /// Leases allowed before the job fails for good.
    public var maxAttempts: Int

    /// A submission of `kind` with `payload`.
    public init(kind: String, title: String, payload: String, maxAttempts: Int = 3) {
        self.kind = kind
        self.title = title
        self.payload = payload
        self.maxAttempts = max(1, maxAttempts)
    }
}

/// A job held by one worker: the token proves the lease is still its own.
public struct JobLease: Sendable, Equatable {
    /// The job as it was leased (status running, attempts counted).
    public var job: Job
    /// Unique per lease; every later call on the job must carry it.
    public var token: String
    /// The worker that holds it.
    public var worker: String

    /// A lease of `job` by `worker`.
    public init(job: Job, token: String, worker: String) {
        self.job = job
        self.token = token
        self.worker = worker
    }
}
