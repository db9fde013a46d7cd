import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio jobs`: lists, shows and cancels queued jobs.
    struct Jobs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List jobs newest first, show one (--follow its progress) or cancel one.",
            subcommands: [List.self, Show.self, Cancel.self],
            defaultSubcommand: List.self)
    }
}

extension Folio.Jobs {
    /// `folio jobs [--status S] [--json]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs, newest first.")

        @Option(help: "Only jobs in this state: queued, running, done, failed or cancelled.")
        var status: String?

        @Option(help: "Most jobs listed.")
        var limit = 50

        @Flag(help: "Print a JSON array of jobs.")
        var json = false

        @OptionGroup var queueOptions: QueueOptions

        @OptionGroup var globalOptions: GlobalOptions

        func validate() throws {
            if let status, JobStatus(rawValue: status) == nil {
                throw ValidationError("--status must be queued, running, done, failed or cancelled")
            }
            if limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            try await globalOptions.withRuntime(queueOptions.overrides) { runtime in
                let jobs = try await runtime.jobQueue().list(status: status.flatMap(JobStatus.init(rawValue:)), limit: limit)
                if json {
                    try Terminal.json(jobs, encoder: JobText.encoder)
                } else {
                    Terminal.write(JobText.table(jobs))
                }
            }
        }
    }

    /// `folio jobs show ID [--json] [--follow]`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a job: status, progress, result or error.",
            discussion: """
                With --follow, one line per change until the job ends; exit 0 when it is done, 1 otherwise. \
                Ctrl-C stops following, not the job: a line says how to look at it again, and the exit \
                code is 130 as for every interrupted command.
                """)

        @OptionGroup var job: JobID

        @Flag(help: "Keep printing progress until the job ends.")
        var follow = false

        @Flag(help: "Print the job as JSON (with --follow, one JSON line per change).")
        var json = false

        @OptionGroup var queueOptions: QueueOptions

        @OptionGroup var globalOptions: GlobalOptions

        var id: String { job.id }

        func run() async throws {
            try await globalOptions.withRuntime(queueOptions.overrides) { runtime in
                let queue = try runtime.jobQueue()
                guard var job = try await queue.get(id: self.job.id) else { throw FolioError.badInput("no job \(id) in this queue") }
                guard follow else {
                    if json { try Terminal.json(job, encoder: JobText.encoder) } else { Terminal.write(JobText.details(job)) }
                    return
                }
                var shown: String?
                do {
                    while true {
                        let line = json ? try JobText.jsonLine(job) : JobText.progressLine(job)
                        if line != shown {
                            Terminal.write(line + "\n")
                            shown = line
                        }
                        if job.status.isFinal { break }
                        try await Task.sleep(for: .milliseconds(300))
                        job = try await queue.get(id: id) ?? job
                    }
                } catch where Task.isCancelled {
                    // Ctrl-C leaves the job alone: only this view of it stops.
                    throw CommandInterrupted(message: "stopped following; job \(id) is still \(job.status.rawValue) in the "
                        + "background: 'folio jobs show \(id) --follow' to look again, 'folio jobs cancel \(id)' to stop it")
                }
                if !json { Terminal.write(JobText.details(job)) }
                if job.status != .done { throw ExitCode.failure }
            }
        }
    }

    /// `folio jobs cancel ID`.
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a job: a queued one at once, a running one at its worker's next heartbeat.")

        @OptionGroup var job: JobID

        @OptionGroup var queueOptions: QueueOptions

        @OptionGroup var globalOptions: GlobalOptions

        var id: String { job.id }

        func run() async throws {
            try await globalOptions.withRuntime(queueOptions.overrides) { runtime in
                let job: Job
                do {
                    job = try await runtime.jobQueue().cancel(id: id)
                } catch let error as JobQueueError where error.isNotFound {
                    throw FolioError.badInput(error.message)
                }
                switch job.status {
                case .cancelled: Terminal.status("job \(id) cancelled")
                case .running: Terminal.status("job \(id) is running; its worker stops it within seconds")
                default: Terminal.status("job \(id) is already \(job.status.rawValue); nothing to cancel")
                }
            }
        }
    }
}

/// The job id argument of `folio jobs show` and `folio jobs cancel`.
struct JobID: ParsableArguments {
    @Argument(help: "The job id, as folio submit printed it.")
    var id: String

    func validate() throws {
        if !Job.isValidID(id) { throw ValidationError("'\(id.prefix(64))' is not a job id") }
    }
}
