import FolioJobs
import FolioRedis
import FolioTesting
import Foundation
import Testing

/// One behavioural suite, run against the SQLite queue and the Redis Streams queue alike.
@Suite("Job queue behaviour")
struct JobQueueBehaviourTests {
    @Test(arguments: QueueBackend.allCases)
    func jobsAreListedNewestFirstAndLeasedOldestFirst(_ backend: QueueBackend) async throws {
        try await backend.with { queue, _ in
            var ids: [String] = []
            for title in ["one", "two", "three"] {
                ids.append(try await queue.enqueue(.test(title)).id)
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(try await queue.list(status: nil, limit: 10).map(\.id) == ids.reversed())
            #expect(try await queue.list(status: .queued, limit: 2).map(\.title) == ["three", "two"])
            let first = try #require(try await queue.lease(worker: "w1", wait: .zero))
            #expect(first.job.id == ids[0])
            #expect(first.job.status == .running && first.job.attempts == 1 && first.job.worker == "w1")
            #expect(try await queue.get(id: ids[0])?.status == .running)
            #expect(try await queue.list(status: .running, limit: 10).map(\.id) == [ids[0]])
            #expect(try await queue.get(id: "jnosuchjob") == nil)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func concurrentWorkersNeverLeaseOneJobTwice(_ backend: QueueBackend) async throws {
        try await backend.with { queue, open in
            for number in 1...24 { _ = try await queue.enqueue(.test("job \(number)")) }
            let ids = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 1...4 {
                    let handle = try open()
                    group.addTask {
                        var leased: [String] = []
                        while let lease = try await handle.lease(worker: "w\(worker)", wait: .milliseconds(200)) {
                            leased.append(lease.job.id)
                            try await handle.complete(lease, result: #"{"worker":\#(worker)}"#)
                        }
                        return leased
                    }
                }
                return try await group.reduce([], +)
            }
            #expect(ids.count == 24)
            #expect(Set(ids).count == 24)
            #expect(try await queue.list(status: .done, limit: 100).count == 24)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func progressAndResultAreStoredAndOnlyTheHolderCompletesOnce(_ backend: QueueBackend) async throws {
        try await backend.with { queue, _ in
            let job = try await queue.enqueue(.test("book"))
            let lease = try #require(try await queue.lease(worker: "w1", wait: .zero))
            let progress = JobProgress(completed: 2, total: 5, message: "writing chapter 3/5: The Storm")
            #expect(try await queue.heartbeat(lease, progress: progress) == .proceed)
            #expect(try await queue.get(id: job.id)?.progress == progress)
            var forged = lease
            forged.token = "not-the-token"
            await #expect(throws: JobQueueError.leaseLost(job.id)) { try await queue.complete(forged, result: "{}") }
            try await queue.complete(lease, result: #"{"chapters":5}"#)
            await #expect(throws: JobQueueError.leaseLost(job.id)) { try await queue.complete(lease, result: "{}") }
            let done = try #require(try await queue.get(id: job.id))
            #expect(done.status == .done && done.result == #"{"chapters":5}"# && done.finishedAt != nil)
            #expect(try await queue.lease(worker: "w2", wait: .zero) == nil)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func anExpiredLeaseIsTakenOverByTheNextWorker(_ backend: QueueBackend) async throws {
        try await backend.with(lease: .milliseconds(800)) { queue, open in
            let job = try await queue.enqueue(.test("orphan"))
            let crashed = try #require(try await queue.lease(worker: "crashed", wait: .zero))
            let other = try open()
            #expect(try await other.lease(worker: "w2", wait: .zero) == nil, "taken over before the lease ran out")
            try await Task.sleep(for: .milliseconds(1200))
            let takeover = try #require(try await other.lease(worker: "w2", wait: .seconds(2)))
            #expect(takeover.job.id == job.id && takeover.job.attempts == 2 && takeover.job.worker == "w2")
            await #expect(throws: JobQueueError.leaseLost(job.id)) { _ = try await queue.heartbeat(crashed, progress: nil) }
            await #expect(throws: JobQueueError.leaseLost(job.id)) { try await queue.complete(crashed, result: "{}") }
            try await other.complete(takeover, result: "{}")
            #expect(try await queue.get(id: job.id)?.status == .done)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func heartbeatsKeepALeaseAlivePastItsDuration(_ backend: QueueBackend) async throws {
        try await backend.with(lease: .milliseconds(800)) { queue, open in
            _ = try await queue.enqueue(.test("long"))
            let lease = try #require(try await queue.lease(worker: "w1", wait: .zero))
            let other = try open()
            for _ in 1...5 {
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await queue.heartbeat(lease, progress: nil) == .proceed)
                #expect(try await other.lease(worker: "w2", wait: .zero) == nil)
            }
            try await queue.complete(lease, result: "{}")
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func retriesStopAtTheLimitAndTheJobFailsForGood(_ backend: QueueBackend) async throws {
        try await backend.with { queue, _ in
            let job = try await queue.enqueue(.test("flaky", attempts: 2))
            let first = try #require(try await queue.lease(worker: "w1", wait: .zero))
            try await queue.fail(first, .retry("provider down"))
            #expect(try await queue.get(id: job.id)?.status == .queued)
            let second = try #require(try await queue.lease(worker: "w1", wait: .zero))
            #expect(second.job.attempts == 2)
            try await queue.fail(second, .retry("provider down again"))
            let failed = try #require(try await queue.get(id: job.id))
            #expect(failed.status == .failed && failed.error == "provider down again" && failed.attempts == 2)
            #expect(try await queue.lease(worker: "w1", wait: .zero) == nil)
            if let redis = queue as? RedisJobQueue {
                #expect(try await redis.deadLetters().map(\.id) == [job.id])
            }
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func aJobWhoseLastLeaseExpiresIsDeadNotRunAgain(_ backend: QueueBackend) async throws {
        try await backend.with(lease: .milliseconds(500)) { queue, _ in
            let job = try await queue.enqueue(.test("crashes", attempts: 1))
            _ = try #require(try await queue.lease(worker: "crashed", wait: .zero))
            try await Task.sleep(for: .milliseconds(900))
            #expect(try await queue.lease(worker: "w2", wait: .milliseconds(300)) == nil)
            let dead = try #require(try await queue.get(id: job.id))
            #expect(dead.status == .failed)
            #expect(dead.error?.contains("stopped answering") == true, "\(dead.error ?? "")")
            if let redis = queue as? RedisJobQueue {
                #expect(try await redis.deadLetters().map(\.id) == [job.id])
            }
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func permanentFailuresAndReleasesEndAsTheySay(_ backend: QueueBackend) async throws {
        try await backend.with { queue, _ in
            let bad = try await queue.enqueue(.test("bad"))
            let lease = try #require(try await queue.lease(worker: "w1", wait: .zero))
            try await queue.fail(lease, .permanent("--chapters must be from 1 to 200"))
            #expect(try await queue.get(id: bad.id)?.status == .failed)

            let stopped = try await queue.enqueue(.test("stopped"))
            let held = try #require(try await queue.lease(worker: "w1", wait: .zero))
            try await queue.fail(held, .released)
            let released = try #require(try await queue.get(id: stopped.id))
            #expect(released.status == .queued && released.attempts == 0)
            let again = try #require(try await queue.lease(worker: "w2", wait: .zero))
            #expect(again.job.id == stopped.id && again.job.attempts == 1)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func cancellingStopsQueuedJobsAtOnceAndAsksRunningOnes(_ backend: QueueBackend) async throws {
        try await backend.with { queue, _ in
            let running = try await queue.enqueue(.test("running"))
            try await Task.sleep(for: .milliseconds(5))
            let waiting = try await queue.enqueue(.test("waiting"))
            let lease = try #require(try await queue.lease(worker: "w1", wait: .zero))
            #expect(try await queue.cancel(id: waiting.id).status == .cancelled)
            let asked = try await queue.cancel(id: running.id)
            #expect(asked.status == .running && asked.cancelRequested)
            #expect(try await queue.heartbeat(lease, progress: nil) == .cancelRequested)
            try await queue.fail(lease, .cancelled)
            #expect(try await queue.get(id: running.id)?.status == .cancelled)
            #expect(try await queue.lease(worker: "w2", wait: .zero) == nil, "a cancelled job was leased")
            await #expect(throws: JobQueueError.notFound("jnosuchjob")) { try await queue.cancel(id: "jnosuchjob") }
        }
    }
}
