/// How a leased job ends when it does not complete.
public enum JobEnding: Sendable, Equatable {
    /// It failed; it is queued again unless it used its last attempt, then it fails for good
    /// (and, on Redis, goes to the dead-letter stream).
    case retry(String)
    /// It failed in a way another attempt cannot fix (bad input): it fails for good now.
    case permanent(String)
    /// The worker is stopping: the job goes back to the queue and this attempt is not counted.
    case released
    /// It was stopped because its cancellation was asked for.
    case cancelled
}

/// What a worker's heartbeat learns.
public enum HeartbeatReply: Sendable, Equatable {
    /// Keep working: the lease is extended.
    case proceed
    /// Stop: `folio jobs cancel` was run for this job.
    case cancelRequested
}
