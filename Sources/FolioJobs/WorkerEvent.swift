/// What a worker tells whoever runs it, one line each (the `folio worker` command prints them).
public enum WorkerEvent: Sendable {
    /// The worker is waiting for jobs.
    case ready(worker: String, slots: Int)
    /// A job was leased and starts.
    case started(Job, worker: String)
    /// A job finished and its result is stored.
    case completed(Job, worker: String)
    /// A job ended otherwise.
    case ended(Job, JobEnding, worker: String)
    /// The job's lease was lost (it ran too long without a heartbeat, or the queue was
    /// unreachable): another worker owns it now, and this one dropped its work.
    case leaseLost(Job, worker: String)
    /// A queue call failed; the worker carries on.
    case queueError(String, worker: String)

    /// One line for a log or terminal.
    public var line: String {
        switch self {
        case .ready(let worker, let slots):
            "worker \(worker) ready (\(slots) slot\(slots == 1 ? "" : "s"))"
        case .started(let job, let worker):
            "job \(job.id) started on \(worker): \(job.kind) '\(job.title)' (attempt \(job.attempts) of \(job.maxAttempts))"
        case .completed(let job, _):
            "job \(job.id) done"
        case .ended(let job, let ending, _):
            switch ending {
            case .retry(let message): "job \(job.id) failed (attempt \(job.attempts) of \(job.maxAttempts)): \(message)"
            case .permanent(let message): "job \(job.id) failed: \(message)"
            case .released: "job \(job.id) released: the worker is stopping; another worker will resume it"
            case .cancelled: "job \(job.id) cancelled"
            }
        case .leaseLost(let job, _):
            "job \(job.id) lease lost; another worker owns it now"
        case .queueError(let message, let worker):
            "worker \(worker): \(message)"
        }
    }
}
