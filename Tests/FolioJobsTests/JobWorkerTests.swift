import FolioJobs
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// A handler made of a closure, for driving the worker.
struct ClosureHandler: JobHandler {
    let body: @Sendable (Job, JobContext) async throws -> String
    func run(_ job: Job, context: JobContext) async throws -> String { try await body(job, context) }
}

/// Whether a handler has started.
final class StartFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

/// The worker over both queues, in this process: handlers by kind, progress, retries,
/// cancellation and graceful release.
@Suite("Job worker")
struct JobWorkerTests {
    static func options(once: Bool = true) -> JobWorker.Options {
        var options = JobWorker.Options()
        options.once = once
        options.heartbeatInterval = .milliseconds(100)
        options.pollWait = .milliseconds(100)
        options.gracePeriod = .milliseconds(300)
        options.name = "test-worker"
        return options
    }

    /// Handlers whose `test` jobs run until cancelled, setting `started` first.
    static func endless(started: StartFlag) -> JobHandlers {
        var handlers = JobHandlers()
        handlers.register("test", ClosureHandler { _, _ in
            started.set()
            try await Task.sleep(for: .seconds(60))
            return "{}"
        })
        return handlers
    }

    @Test(arguments: QueueBackend.allCases)
    func runsJobsByKindAndStoresProgressAndResult(_ backend: QueueBackend) async throws {
        try await backend.with { queue, _ in
            var handlers = JobHandlers()
            handlers.register("test", ClosureHandler { job, context in
                context.report(JobProgress(completed: 1, total: 2, message: "half way"))
                try await Task.sleep(for: .milliseconds(400))
                return #"{"echo":\#(job.payload)}"#
            })
            let job = try await queue.enqueue(.test("book"))
            let events = Mutex<[String]>([])
            try await JobWorker(queue: queue, handlers: handlers, options: Self.options()) { event in
                events.withLock { $0.append(event.line) }
            }.run()
            let done = try #require(try await queue.get(id: job.id))
            #expect(done.status == .done && done.result == #"{"echo":{"title":"book"}}"#)
            #expect(done.progress == JobProgress(completed: 1, total: 2, message: "half way"))
            #expect(events.withLock { $0 }.contains("job \(job.id) done"))
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func failuresAreRetriedToTheLimitAndUnknownKindsFailAtOnce(_ backend: QueueBackend) async throws {
        try await backend.with { queue, _ in
            let runs = Mutex(0)
            var handlers = JobHandlers()
            handlers.register("test", ClosureHandler { _, _ in
                runs.withLock { $0 += 1 }
                throw URLError(.timedOut)
            })
            let flaky = try await queue.enqueue(.test("flaky", attempts: 2))
            let worker = JobWorker(queue: queue, handlers: handlers, options: Self.options())
            try await worker.run()
            #expect(try await queue.get(id: flaky.id)?.status == .queued)
            try await worker.run()
            let failed = try #require(try await queue.get(id: flaky.id))
            #expect(failed.status == .failed && failed.attempts == 2 && runs.withLock { $0 } == 2)

            let unknown = try await queue.enqueue(JobSubmission(kind: "post", title: "repo", payload: "{}"))
            try await worker.run()
            let refused = try #require(try await queue.get(id: unknown.id))
            #expect(refused.status == .failed && refused.attempts == 1)
            #expect(refused.error?.contains("no handler for jobs of kind 'post'") == true, "\(refused.error ?? "")")
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func aCancelledJobIsStoppedAndTheWorkerGoesOn(_ backend: QueueBackend) async throws {
        try await backend.with { queue, _ in
            let started = StartFlag()
            let handlers = Self.endless(started: started)
            let job = try await queue.enqueue(.test("endless"))
            let run = Task { try await JobWorker(queue: queue, handlers: handlers, options: Self.options()).run() }
            while !started.isSet { try await Task.sleep(for: .milliseconds(20)) }
            try await queue.cancel(id: job.id)
            try await run.value
            #expect(try await queue.get(id: job.id)?.status == .cancelled)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func gracefulShutdownReleasesARunningJobWithoutCountingTheAttempt(_ backend: QueueBackend) async throws {
        try await backend.with { queue, _ in
            let started = StartFlag()
            let handlers = Self.endless(started: started)
            let job = try await queue.enqueue(.test("long"))
            let worker = JobWorker(queue: queue, handlers: handlers, options: Self.options(once: false))
            let group = ServiceGroup(services: [worker], logger: .init(label: "test"))
            let run = Task { try await group.run() }
            while !started.isSet { try await Task.sleep(for: .milliseconds(20)) }
            await group.triggerGracefulShutdown()
            try await run.value
            let released = try #require(try await queue.get(id: job.id))
            #expect(released.status == .queued && released.attempts == 0, "\(released)")
        }
    }
}
