import Synchronization

/// What a running handler can reach: its job, and a way to report progress, which the worker
/// stores with its next heartbeat.
public final class JobContext: Sendable {
    /// The job being run (as leased: status running, this attempt counted).
    public let job: Job
    private let latest = Mutex<(progress: JobProgress?, sent: Bool)>((nil, true))

    init(job: Job) {
        self.job = job
    }

    /// Records the job's progress; cheap, call it as often as things happen.
    public func report(_ progress: JobProgress) {
        latest.withLock { $0 = (progress, false) }
    }

    /// The progress not yet sent, if any, marked sent.
    func takeUnsentProgress() -> JobProgress? {
        latest.withLock { state in
            guard !state.sent else { return nil }
            state.sent = true
            return state.progress
        }
    }

    /// The latest progress reported.
    public var progress: JobProgress? { latest.withLock { $0.progress } }
}
