import FolioCore
import FolioRedis
import Foundation

/// A job queue on Redis Streams, shared by workers on many machines.
///
/// Each job is an entry of one stream (`PREFIX:stream`) read by the consumer group `workers`:
/// `XREADGROUP` leases a new entry, `XACK` ends it, and `XAUTOCLAIM` takes over an entry left
/// idle past the lease duration by a worker that died (heartbeats re-claim the entry to keep
/// it fresh). The job's state, progress and result live in a hash (`PREFIX:job:ID`), an index
/// sorted by submission time lists them, and a job that used its last attempt is written to
/// the dead-letter stream (`PREFIX:dead`). Every change of state is one Lua script, atomic.
public final class RedisJobQueue: JobQueue {
    /// The consumer group every worker reads with.
    public static let group = "workers"
    /// Where the queue lives.
    public let url: RedisURL
    /// Prefix of every key.
    public let prefix: String
    private let options: JobQueueOptions
    /// Blocking reads (`XREADGROUP BLOCK`) wait on their own connection, so heartbeats and
    /// completions never queue behind them.
    private let reader: RedisConnection
    private let writer: RedisConnection
    private let groupReady = GroupFlag()

    /// A queue on the server at `url`, its keys starting with `prefix`.
    public init(url: RedisURL, prefix: String = "folio:jobs", options: JobQueueOptions = JobQueueOptions()) {
        self.url = url
        self.prefix = prefix
        self.options = options
        reader = RedisConnection(url: url, retryInterval: 1)
        writer = RedisConnection(url: url, retryInterval: 1)
    }

    /// The dead-letter stream's key.
    public var deadLetterKey: String { prefix + ":dead" }
    private var streamKey: String { prefix + ":stream" }
    private var indexKey: String { prefix + ":index" }
    private func jobKey(_ id: String) -> String { prefix + ":job:" + id }

    public func enqueue(_ submission: JobSubmission) async throws -> Job {
        let job = Job(submission: submission)
        _ = try await script(RedisJobScripts.enqueue, id: job.id,
                             [job.id, job.kind, job.title, job.payload, String(job.maxAttempts),
                              Self.time(job.createdAt)])
        return job
    }

    public func lease(worker: String, wait: Duration) async throws -> JobLease? {
        try await ensureGroup()
        let deadline = ContinuousClock.now + wait
        while true {
            if let lease = try await takeOver(worker: worker) { return lease }
            let left = deadline - ContinuousClock.now
            // Short blocks: the connection's command timeout is 5 s, and a crashed worker's
            // entries are looked for between them.
            let block = max(1, min(2000, Int(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)))
            let reply = try await run(reader, ["XREADGROUP", "GROUP", Self.group, worker, "COUNT", "1",
                                               "BLOCK", String(left > .zero ? block : 1), "STREAMS", streamKey, ">"])
            for stream in reply.elements {
                for entry in stream.elements.dropFirst().first?.elements ?? [] {
                    if let lease = try await claim(entry, worker: worker) { return lease }
                }
            }
            if ContinuousClock.now >= deadline { return nil }
        }
    }

    /// Entries idle past the lease (their worker died) are taken over, oldest first.
    private func takeOver(worker: String) async throws -> JobLease? {
        let idle = String(Int(options.leaseSeconds * 1000))
        var cursor = "0-0"
        repeat {
            let reply = try await run(writer, ["XAUTOCLAIM", streamKey, Self.group, worker, idle, cursor, "COUNT", "10"])
            let parts = reply.elements
            guard parts.count >= 2 else { return nil }
            cursor = parts[0].text ?? "0-0"
            for entry in parts[1].elements {
                if let lease = try await claim(entry, worker: worker) { return lease }
            }
        } while cursor != "0-0"
        return nil
    }

    private func claim(_ entry: RedisReply, worker: String) async throws -> JobLease? {
        let parts = entry.elements
        guard let entryID = parts.first?.text else { return nil }
        let fields = Self.fields(parts.dropFirst().first?.elements ?? [])
        guard let id = fields["id"] else {
            // An entry deleted while pending: nothing to run.
            _ = try await run(writer, ["XACK", streamKey, Self.group, entryID])
            return nil
        }
        let token = UUID().uuidString
        let reply = try await script(RedisJobScripts.claim, id: id,
                                     [Self.group, entryID, id, worker, token, Self.time(Date())])
        let values = reply.elements
        guard values.first?.text == "leased" else { return nil }
        let job = try Self.job(Self.fields(Array(values.dropFirst())))
        return JobLease(job: job, token: token, worker: worker)
    }

    public func heartbeat(_ lease: JobLease, progress: JobProgress?) async throws -> HeartbeatReply {
        let reply = try await script(RedisJobScripts.heartbeat, id: lease.job.id, [
            Self.group, lease.token, lease.worker, progress == nil ? "0" : "1",
            String(progress?.completed ?? 0), String(progress?.total ?? 0), progress?.message ?? "",
        ])
        let value: Int? = reply.integer
        if value == -1 { throw JobQueueError.leaseLost(lease.job.id) }
        return value == 1 ? .cancelRequested : .proceed
    }

    public func complete(_ lease: JobLease, result: String) async throws {
        try await finish(lease, ending: "done", text: result)
    }

    public func fail(_ lease: JobLease, _ ending: JobEnding) async throws {
        switch ending {
        case .retry(let message): try await finish(lease, ending: "retry", text: message)
        case .permanent(let message): try await finish(lease, ending: "permanent", text: message)
        case .released: try await finish(lease, ending: "released", text: "")
        case .cancelled: try await finish(lease, ending: "cancelled", text: "")
        }
    }

    private func finish(_ lease: JobLease, ending: String, text: String) async throws {
        let reply = try await script(RedisJobScripts.finish, id: lease.job.id,
                                     [Self.group, lease.token, ending, text, Self.time(Date()), lease.job.id])
        let value: Int? = reply.integer
        guard value == 1 else { throw JobQueueError.leaseLost(lease.job.id) }
    }

    public func cancel(id: String) async throws -> Job {
        let reply = try await script(RedisJobScripts.cancel, id: id, [Self.time(Date())])
        guard !reply.elements.isEmpty else { throw JobQueueError.notFound(id) }
        return try Self.job(Self.fields(reply.elements))
    }

    public func list(status: JobStatus?, limit: Int) async throws -> [Job] {
        var jobs: [Job] = []
        var start = 0
        let page = 200
        while jobs.count < limit {
            let ids = try await run(writer, ["ZREVRANGE", indexKey, String(start), String(start + page - 1)])
                .elements.compactMap(\.text)
            if ids.isEmpty { break }
            let replies = try await pipeline(ids.map { ["HGETALL", jobKey($0)] })
            for reply in replies where !reply.elements.isEmpty {
                let job = try Self.job(Self.fields(reply.elements))
                if status == nil || job.status == status { jobs.append(job) }
                if jobs.count == limit { break }
            }
            start += page
        }
        return jobs
    }

    public func get(id: String) async throws -> Job? {
        let reply = try await run(writer, ["HGETALL", jobKey(id)])
        return reply.elements.isEmpty ? nil : try Self.job(Self.fields(reply.elements))
    }

    /// The dead-letter stream: ids and errors of jobs that used their last attempt, oldest first.
    public func deadLetters() async throws -> [(id: String, error: String)] {
        try await run(writer, ["XRANGE", deadLetterKey, "-", "+"]).elements.compactMap { entry in
            let fields = Self.fields(entry.elements.dropFirst().first?.elements ?? [])
            return fields["id"].map { ($0, fields["error"] ?? "") }
        }
    }

    /// Closes both connections.
    public func close() async {
        await reader.close()
        await writer.close()
    }

    private func ensureGroup() async throws {
        guard !groupReady.isSet else { return }
        do {
            _ = try await run(writer, ["XGROUP", "CREATE", streamKey, Self.group, "0", "MKSTREAM"])
        } catch let error as JobQueueError where error.message.contains("BUSYGROUP") {
            // Another worker created it first.
        }
        groupReady.set()
    }

    private func script(_ source: String, id: String, _ arguments: [String]) async throws -> RedisReply {
        try await ensureGroup()
        let keys = [streamKey, deadLetterKey, indexKey, jobKey(id)]
        return try await run(writer, ["EVAL", source, String(keys.count)] + keys + arguments)
    }

    private func run(_ connection: RedisConnection, _ arguments: [String]) async throws -> RedisReply {
        do {
            return try await connection.command(arguments.map { Data($0.utf8) })
        } catch let error as RedisError {
            // A server that lost its data (restarted without persistence) lost the group too:
            // create it again on the next call.
            if "\(error)".contains("NOGROUP") { groupReady.reset() }
            throw JobQueueError.storage("\(url): \(error)")
        }
    }

    private func pipeline(_ commands: [[String]]) async throws -> [RedisReply] {
        do {
            return try await writer.pipeline(commands.map { $0.map { Data($0.utf8) } })
        } catch let error as RedisError {
            throw JobQueueError.storage("\(url): \(error)")
        }
    }

    private static func fields(_ flat: [RedisReply]) -> [String: String] {
        var fields: [String: String] = [:]
        var index = 0
        while index + 1 < flat.count {
            if let key = flat[index].text { fields[key] = flat[index + 1].text ?? "" }
            index += 2
        }
        return fields
    }

    private static func time(_ date: Date) -> String {
        String(format: "%.6f", date.timeIntervalSince1970)
    }

    private static func date(_ text: String?) -> Date? {
        guard let text, let seconds = Double(text) else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    private static func job(_ fields: [String: String]) throws -> Job {
        guard let id = fields["id"], let status = fields["status"].flatMap(JobStatus.init(rawValue:)) else {
            throw JobQueueError.storage("a job hash without id or status")
        }
        var job = Job(id: id, submission: JobSubmission(kind: fields["kind"] ?? "", title: fields["title"] ?? "",
                                                        payload: fields["payload"] ?? "{}",
                                                        maxAttempts: Int(fields["max_attempts"] ?? "") ?? 1),
                      createdAt: date(fields["created_at"]) ?? Date(timeIntervalSince1970: 0))
        job.status = status
        job.attempts = Int(fields["attempts"] ?? "") ?? 0
        job.startedAt = date(fields["started_at"])
        job.finishedAt = date(fields["finished_at"])
        job.worker = fields["worker"]
        if let completed = fields["progress_completed"].flatMap({ Int($0) }) {
            job.progress = JobProgress(completed: completed, total: Int(fields["progress_total"] ?? "") ?? 0,
                                       message: fields["progress_message"] ?? "")
        }
        job.result = fields["result"].flatMap { $0.isEmpty ? nil : $0 }
        job.error = fields["error"].flatMap { $0.isEmpty ? nil : $0 }
        job.cancelRequested = fields["cancel_requested"] == "1"
        return job
    }
}

import Synchronization

/// Whether the consumer group is known to exist.
private final class GroupFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
    func reset() { value.withLock { $0 = false } }
}
