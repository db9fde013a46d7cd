import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio worker`: runs queued jobs with one shared runtime until SIGTERM or Ctrl-C.
    struct Worker: AsyncParsableCommand, HandlesOwnSignals {
        static let configuration = CommandConfiguration(
            abstract: "Run queued jobs (folio submit) until stopped; SIGTERM stops it gracefully.",
            discussion: """
                Every job runs with this worker's one runtime: one provider chain and its circuit \
                breakers, one response cache, one local model server. On SIGTERM or Ctrl-C the worker \
                takes no new job, lets running ones finish within --grace seconds, then puts them back \
                in the queue for another worker to resume. Run as many workers, on as many machines, \
                as the queue's users need.
                """)

        @OptionGroup var queueOptions: QueueOptions

        @Option(help: "Jobs run at once.")
        var concurrency = 1

        @Flag(help: "Run one job per slot, none if none is queued, then exit.")
        var once = false

        @Option(help: "Seconds a running job may go on after SIGTERM before it is put back in the queue.")
        var grace: Double = 10

        @OptionGroup var providerOptions: ProviderOptions

        @OptionGroup var globalOptions: GlobalOptions

        func validate() throws {
            if !(1...64).contains(concurrency) { throw ValidationError("--concurrency must be from 1 to 64") }
            if !(0...86_400).contains(grace) { throw ValidationError("--grace must be from 0 to 86400 seconds") }
        }

        func run() async throws {
            let overrides = queueOptions.overrides.merging(providerOptions.overrides) { flag, _ in flag }
            try await globalOptions.withRuntime(overrides) { runtime in
                let queue = try runtime.jobQueue()
                var handlers = JobHandlers()
                // One line per kind of job.
                handlers.register(GenerateJob.kind, GenerateJob(runtime: runtime, configFile: globalOptions.configFile))
                handlers.register(PostJob.kind, PostJob(runtime: runtime, configFile: globalOptions.configFile))
                handlers.register(BatchJob.kind, BatchJob(runtime: runtime, configFile: globalOptions.configFile))
                var options = JobWorker.Options()
                options.concurrency = concurrency
                options.once = once
                options.gracePeriod = .milliseconds(Int(grace * 1000))
                options.heartbeatInterval = .milliseconds(Int(min(1, runtime.settings.jobs.leaseSeconds / 3) * 1000))
                let worker = JobWorker(queue: queue, handlers: handlers, options: options) { Terminal.status($0.line) }
                Terminal.status("queue \(try runtime.jobQueueLocation())")
                try await worker.runUntilSignalled()
            }
        }
    }
}

/// A command that handles SIGTERM and SIGINT itself (the worker's graceful stop), so the
/// runner does not turn them into a cancellation.
protocol HandlesOwnSignals {}
