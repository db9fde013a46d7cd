import FolioCore
import FolioJobs
import Foundation

extension FolioRuntime {
    /// Where the job queue lives (`FOLIO_QUEUE`); a malformed value is bad input.
    public func jobQueueLocation() throws -> JobQueueLocation {
        try JobQueueLocation(settings.jobs.queue.value)
    }

    /// Opens the job queue, its leases lasting `JOB_LEASE_SECONDS`.
    public func jobQueue() throws -> any JobQueue {
        do {
            return try jobQueueLocation().open(options: JobQueueOptions(leaseDuration: .seconds(settings.jobs.leaseSeconds)))
        } catch let error as JobQueueError {
            throw FolioError.runtime(error.message)
        }
    }

    /// A runtime with `settings` (a job's flags over the worker's own) that shares this one's
    /// provider chain, circuit breakers, local model server, response cache and embedder; every
    /// model call and assessment it logs carries `jobID`.
    ///
    /// The chain is this runtime's, so `settings` must name the same tiers and model: a job
    /// that asks for others is refused as bad input (run a worker with those `--provider`s).
    public func sharing(_ settings: Settings, jobID: String? = nil) throws -> FolioRuntime {
        guard settings.tiers == self.settings.tiers, settings.model == self.settings.model else {
            let asked = settings.tiers.map(\.rawValue).joined(separator: ",") + (settings.model.map { " (\($0))" } ?? "")
            let served = self.settings.tiers.map(\.rawValue).joined(separator: ",")
                + (self.settings.model.map { " (\($0))" } ?? "")
            throw FolioError.badInput(
                "the job asks for providers \(asked) but this worker serves \(served); run a worker with --provider \(asked)")
        }
        return FolioRuntime(settings: settings, command: command, transport: transport, clock: clock, logger: logger,
                            providers: customProviders, parts: parts, jobID: jobID)
    }
}
