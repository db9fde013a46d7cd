/// Where a job is in its life.
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for a worker.
    case queued
    /// Leased by a worker that is working on it.
    case running
    /// Finished; its result is stored.
    case done
    /// Failed for good: a permanent error, or the retry limit reached (dead-lettered).
    case failed
    /// Cancelled by `folio jobs cancel` before it finished.
    case cancelled

    /// Whether the job can change no more.
    public var isFinal: Bool { self == .done || self == .failed || self == .cancelled }
}
