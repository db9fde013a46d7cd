import FolioCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// Takes jobs from a queue and runs them with the registered handlers, `concurrency` at a
/// time, until it is asked to stop.
///
/// While a job runs its lease is renewed every heartbeat, and the progress its handler
/// reported is stored with it. A heartbeat that finds the job cancelled cancels the
/// handler's task (as Ctrl-C would); one that finds the lease lost drops the work. On
/// graceful shutdown (SIGTERM) the worker takes no new job, gives running ones the grace
/// period to finish, then cancels them and puts them back in the queue without counting the
/// attempt. Run it in a `ServiceGroup`, or with ``runUntilSignalled(gracefulSignals:)``.
public final class JobWorker: Service {
    /// How a worker runs.
    public struct Options: Sendable {
        /// Jobs run at once.
        public var concurrency: Int = 1
        /// Each slot runs one job at most, and none when none is queued; then the worker ends.
        public var once: Bool = false
        /// How long a slot waits for a job before looking at shutdown again.
        public var pollWait: Duration = .seconds(1)
        /// How often a running job's lease is renewed and its progress stored; well below the lease.
        public var heartbeatInterval: Duration = .seconds(1)
        /// How long a running job may go on after graceful shutdown starts.
        public var gracePeriod: Duration = .seconds(10)
        /// This worker's name in the queue (`host:pid`); slots add `/N`.
        public var name: String = "\(ProcessInfo.processInfo.hostName):\(getpid())"

        /// Defaults: one slot, 1 s polls and heartbeats, 10 s grace.
        public init() {}
    }

    private let queue: any JobQueue
    private let handlers: JobHandlers
    private let options: Options
    private let logger: Logger
    private let events: @Sendable (WorkerEvent) -> Void

    /// A worker on `queue` running `handlers`; `events` hears what happens, one event at a time.
    public init(queue: any JobQueue, handlers: JobHandlers, options: Options = Options(),
                logger: Logger = FolioLogging.logger("worker"),
                events: @escaping @Sendable (WorkerEvent) -> Void = { _ in }) {
        self.queue = queue
        self.handlers = handlers
        self.options = options
        self.logger = logger
        self.events = events
    }

    /// Runs until graceful shutdown (or, with `once`, until every slot is done).
    public func run() async throws {
        let slots = max(1, options.concurrency)
        events(.ready(worker: options.name, slots: slots))
        await withTaskGroup(of: Void.self) { group in
            for slot in 1...slots {
                let name = slots == 1 ? options.name : "\(options.name)/\(slot)"
                group.addTask { await self.runSlot(name) }
            }
        }
    }

    /// Runs the worker in a `ServiceGroup` that turns `gracefulSignals` into a graceful
    /// shutdown; returns when the worker has stopped.
    public func runUntilSignalled(gracefulSignals: [UnixSignal] = [.sigterm, .sigint]) async throws {
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: self, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: gracefulSignals, logger: logger)
        // A job that ignores cancellation must not keep a stopping worker alive for ever.
        configuration.maximumGracefulShutdownDuration = options.gracePeriod + .seconds(30)
        try await ServiceGroup(configuration: configuration).run()
    }

    private func runSlot(_ name: String) async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let lease: JobLease?
            do {
                lease = try await queue.lease(worker: name, wait: options.once ? .zero : options.pollWait)
            } catch {
                events(.queueError("cannot lease: \(error)", worker: name))
                if options.once { return }
                try? await Task.sleep(for: options.pollWait)
                continue
            }
            if let lease {
                await execute(lease)
            }
            if options.once { return }
        }
    }

    private func execute(_ lease: JobLease) async {
        let job = lease.job
        events(.started(job, worker: lease.worker))
        guard let handler = handlers.handler(for: job.kind) else {
            let known = handlers.kinds.joined(separator: ", ")
            await end(lease, .permanent("no handler for jobs of kind '\(job.kind)' (this worker runs: \(known))"))
            return
        }
        let context = JobContext(job: job)
        let control = RunControl()
        let work = Task { try await handler.run(job, context: context) }
        control.attach(work)
        let outcome = await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await self.keepAlive(lease, context: context, control: control) }
                    let outcome = await work.result
                    group.cancelAll()
                    return outcome
                }
            } onCancel: {
                control.stop(.shutdown)
            }
        } onGracefulShutdown: {
            control.beginGrace()
        }
        switch (outcome, control.reason) {
        case (_, .leaseLost?):
            events(.leaseLost(job, worker: lease.worker))
        case (.success(let result), _):
            do {
                // The last progress (chapter N of N saved) is stored before the result.
                if let last = context.takeUnsentProgress() { _ = try await queue.heartbeat(lease, progress: last) }
                try await queue.complete(lease, result: result)
                var done = job
                done.status = .done
                events(.completed(done, worker: lease.worker))
            } catch let error as JobQueueError where error.isLeaseLost {
                events(.leaseLost(job, worker: lease.worker))
            } catch {
                events(.queueError("cannot complete job \(job.id): \(error)", worker: lease.worker))
            }
        case (.failure, .cancelled?):
            await end(lease, .cancelled)
        case (.failure, .shutdown?):
            await end(lease, .released)
        case (.failure(let error), nil):
            await end(lease, Self.ending(for: error))
        }
    }

    /// Renews the lease and stores progress until cancelled; stops the work when the job is
    /// cancelled, the lease is lost, or the grace period after shutdown runs out.
    private func keepAlive(_ lease: JobLease, context: JobContext, control: RunControl) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: options.heartbeatInterval)
            if Task.isCancelled { return }
            if let started = control.graceStarted, ContinuousClock.now - started >= options.gracePeriod {
                control.stop(.shutdown)
            }
            do {
                if try await queue.heartbeat(lease, progress: context.takeUnsentProgress()) == .cancelRequested {
                    control.stop(.cancelled)
                }
            } catch let error as JobQueueError where error.isLeaseLost {
                control.stop(.leaseLost)
                return
            } catch {
                // The queue may be back by the next beat; the lease outlives a few missed ones.
                logger.warning("heartbeat of job \(lease.job.id) failed: \(error)")
            }
        }
    }

    private func end(_ lease: JobLease, _ ending: JobEnding) async {
        do {
            try await queue.fail(lease, ending)
            var job = lease.job
            if case .retry = ending, job.attempts >= job.maxAttempts { job.status = .failed }
            events(.ended(job, ending, worker: lease.worker))
        } catch let error as JobQueueError where error.isLeaseLost {
            events(.leaseLost(lease.job, worker: lease.worker))
        } catch {
            events(.queueError("cannot record the end of job \(lease.job.id): \(error)", worker: lease.worker))
        }
    }

    /// Bad input never gets better on another attempt; anything else may.
    static func ending(for error: any Error) -> JobEnding {
        switch error {
        case let error as JobHandlerError: error.ending
        case let error as FolioError where error.kind == .bookBusy: .retry(error.message)
        case let error as FolioError where error.category == .badInput: .permanent(error.message)
        case let error as FolioError: .retry(error.message)
        case is CancellationError: .retry("interrupted")
        default: .retry("\(error)")
        }
    }
}

/// Why a running job was stopped, and the task to stop. `Sendable` through its mutex.
private final class RunControl: Sendable {
    enum Reason: Sendable { case cancelled, shutdown, leaseLost }
    private struct State {
        var reason: Reason?
        var task: Task<String, any Error>?
        var graceStarted: ContinuousClock.Instant?
    }
    private let state = Mutex(State())

    func attach(_ task: Task<String, any Error>) {
        let stopped = state.withLock { state in
            state.task = task
            return state.reason != nil
        }
        if stopped { task.cancel() }
    }

    /// Stops the work for `reason`; the first reason given is the one kept.
    func stop(_ reason: Reason) {
        let task = state.withLock { state -> Task<String, any Error>? in
            if state.reason == nil { state.reason = reason }
            return state.task
        }
        task?.cancel()
    }

    func beginGrace() {
        state.withLock { if $0.graceStarted == nil { $0.graceStarted = .now } }
    }

    var reason: Reason? { state.withLock { $0.reason } }
    var graceStarted: ContinuousClock.Instant? { state.withLock { $0.graceStarted } }
}
