import Foundation

/// A durable queue of jobs shared by submitters and workers, maybe on many machines.
///
/// The guarantees a worker builds on: a job is leased to one worker at a time; a lease not
/// renewed by ``heartbeat(_:progress:)`` within the queue's lease duration expires and the
/// next worker takes the job over (counting an attempt); only the current lease's holder can
/// complete or fail the job, so a job completes at most once; after `maxAttempts` leases a
/// failing job fails for good instead of running again.
public protocol JobQueue: Sendable {
    /// Adds a job, queued; returns it with its id.
    func enqueue(_ submission: JobSubmission) async throws -> Job
    /// Leases the oldest job ready to run (queued, or running under an expired lease),
    /// waiting up to `wait` for one; `nil` when none came.
    func lease(worker: String, wait: Duration) async throws -> JobLease?
    /// Renews the lease and stores `progress`; tells the worker whether to stop. Throws
    /// ``JobQueueError/leaseLost(_:)`` when the lease is no longer this worker's.
    func heartbeat(_ lease: JobLease, progress: JobProgress?) async throws -> HeartbeatReply
    /// Marks the job done with `result` (JSON). Throws ``JobQueueError/leaseLost(_:)`` when
    /// the lease is no longer this worker's: the job is then someone else's to finish.
    func complete(_ lease: JobLease, result: String) async throws
    /// Ends the lease without completing the job, as `ending` says.
    func fail(_ lease: JobLease, _ ending: JobEnding) async throws
    /// Cancels a job: a queued one at once, a running one by asking its worker (which sees it
    /// on its next heartbeat). Returns the job as it is now.
    @discardableResult
    func cancel(id: String) async throws -> Job
    /// Jobs, newest first, optionally only those with `status`.
    func list(status: JobStatus?, limit: Int) async throws -> [Job]
    /// The job with `id`, if any.
    func get(id: String) async throws -> Job?
}
