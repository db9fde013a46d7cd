import FolioCore
import FolioJobs
import FolioRedis
import FolioTesting
import Foundation

/// Throughput of Folio's job queues — enqueue, then lease + complete by one worker loop, in
/// jobs/s — and the latency from submit to a waiting worker holding the job, on SQLite and on
/// Redis Streams, against Python RQ (pinned, in ~/.cache/folio/rq-venv, installed by
/// `Benchmarks/python/rq-venv`) on the same redis-server: `Queue.enqueue` of a no-op, a
/// `SimpleWorker` draining the queue in burst mode, and RQ's own enqueued → started times.
func runJobQueueBenchmark(jobs: Int = 2000, samples: Int = 50) async throws -> [BenchmarkFigure] {
    let root = FolioBinary.packageRoot.path
    let python = try runPython(root + "/Benchmarks/python/rq-venv", []).trimmingCharacters(in: .whitespacesAndNewlines)
    return try await withRedisServer { redis in
        let baseline = try JSONSerialization.jsonObject(with: Data(try runPython(python, [
            root + "/Benchmarks/python/rq_bench.py", redis.url, String(jobs), String(samples),
        ]).utf8)) as? [String: Double] ?? [:]
        let scratch = try TemporaryDirectory("folio-bench-jobs")
        defer { scratch.remove() }
        let queues: [(String, any JobQueue)] = [
            ("redis", RedisJobQueue(url: try RedisURL(redis.url), prefix: "bench:jobs")),
            ("sqlite", try SQLiteJobQueue(path: scratch.appending("jobs.sqlite"))),
        ]
        var figures: [BenchmarkFigure] = []
        for (name, queue) in queues {
            let submission = JobSubmission(kind: "noop", title: "noop", payload: "{}")
            var started = ContinuousClock.now
            for _ in 0..<jobs { _ = try await queue.enqueue(submission) }
            let enqueue = Double(jobs) / (ContinuousClock.now - started).seconds
            started = ContinuousClock.now
            var drained = 0
            while let lease = try await queue.lease(worker: "bench", wait: .zero) {
                try await queue.complete(lease, result: "{}")
                drained += 1
            }
            guard drained == jobs else { throw BenchmarkFailure("\(name): drained \(drained) of \(jobs) jobs") }
            let work = Double(jobs) / (ContinuousClock.now - started).seconds
            let latency = try await startLatency(queue, samples: samples)
            figures += [
                BenchmarkFigure(name: "jobs enqueue, \(name)", value: enqueue, unit: "jobs/s",
                                baseline: baseline["enqueue_per_s"] ?? 0),
                BenchmarkFigure(name: "jobs lease+complete, \(name)", value: work, unit: "jobs/s",
                                baseline: baseline["work_per_s"] ?? 0),
                BenchmarkFigure(name: "jobs submit-to-start p50, \(name)", value: latency, unit: "ms",
                                baseline: baseline["start_latency_ms_p50"] ?? 0),
            ]
            if let redisQueue = queue as? RedisJobQueue { await redisQueue.close() }
        }
        return figures
    }
}

/// Median time from `enqueue` to a worker that was already waiting holding the job.
private func startLatency(_ queue: any JobQueue, samples: Int) async throws -> Double {
    var times: [Double] = []
    for _ in 0..<samples {
        let waiter = Task { () throws -> (ContinuousClock.Instant, JobLease?) in
            let lease = try await queue.lease(worker: "bench-waiter", wait: .seconds(5))
            return (ContinuousClock.now, lease)
        }
        try await Task.sleep(for: .milliseconds(30))  // the worker is waiting
        let submitted = ContinuousClock.now
        _ = try await queue.enqueue(JobSubmission(kind: "noop", title: "noop", payload: "{}"))
        let (leased, lease) = try await waiter.value
        guard let lease else { throw BenchmarkFailure("a waiting worker got no job") }
        try await queue.complete(lease, result: "{}")
        times.append((leased - submitted).milliseconds)
    }
    return BenchmarkFigure.median(times)
}
