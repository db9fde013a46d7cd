import FolioCore
import Foundation
import GRDB

/// A job queue in one SQLite file (WAL), for workers on one machine or on one shared disk.
///
/// Every state change is one `BEGIN IMMEDIATE` transaction, so several worker processes on
/// the same file never take the same job: SQLite lets one writer in at a time and the others
/// wait (`busy_timeout`). Leases carry a token and an expiry in wall-clock time.
public final class SQLiteJobQueue: JobQueue {
    private let pool: DatabasePool
    private let options: JobQueueOptions
    /// The database file.
    public let path: String

    /// Opens (creating it and its folder if needed) the queue in `path`.
    public init(path: String, options: JobQueueOptions = JobQueueOptions()) throws {
        self.path = path
        self.options = options
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.write { db in try Self.migrate(db) }
        } catch let error as DatabaseError {
            throw JobQueueError.storage("cannot open \(path): \(error.message ?? "\(error)")")
        } catch let error as JobQueueError {
            throw error
        } catch {
            throw JobQueueError.storage("cannot open \(path): \(error.localizedDescription)")
        }
    }

    private static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS jobs (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                max_attempts INTEGER NOT NULL,
                created_at REAL NOT NULL,
                started_at REAL,
                finished_at REAL,
                worker TEXT,
                lease_token TEXT,
                lease_expires REAL,
                progress_completed INTEGER,
                progress_total INTEGER,
                progress_message TEXT,
                result TEXT,
                error TEXT,
                cancel_requested INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX IF NOT EXISTS jobs_ready ON jobs(status, created_at);
            """)
    }

    public func enqueue(_ submission: JobSubmission) async throws -> Job {
        let job = Job(submission: submission)
        try await write { db in
            try db.execute(sql: """
                INSERT INTO jobs (id, kind, title, payload, status, attempts, max_attempts, created_at)
                VALUES (?, ?, ?, ?, 'queued', 0, ?, ?)
                """, arguments: [job.id, job.kind, job.title, job.payload, job.maxAttempts,
                                 job.createdAt.timeIntervalSince1970])
        }
        return job
    }

    public func lease(worker: String, wait: Duration) async throws -> JobLease? {
        let deadline = ContinuousClock.now + wait
        var first = true
        while true {
            // Polling, since SQLite cannot wake a waiter in another process: a read (which WAL
            // never blocks) every 20 ms, and the write lock only when a job looks ready.
            let ready = if first { true } else { try await hasReadyJob() }
            first = false
            if ready, let lease = try await leaseNow(worker: worker) { return lease }
            if ContinuousClock.now >= deadline { return nil }
            try await Task.sleep(for: min(.milliseconds(20), deadline - ContinuousClock.now))
        }
    }

    private func hasReadyJob() async throws -> Bool {
        let now = Date().timeIntervalSince1970
        return try await read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM jobs WHERE status = 'queued' OR (status = 'running' AND lease_expires < ?))
                """, arguments: [now]) ?? false
        }
    }

    private func leaseNow(worker: String) async throws -> JobLease? {
        let lease = options.leaseSeconds
        return try await write { db -> JobLease? in
            let now = Date().timeIntervalSince1970
            while let row = try Row.fetchOne(db, sql: """
                SELECT * FROM jobs
                WHERE status = 'queued' OR (status = 'running' AND lease_expires < ?)
                ORDER BY created_at LIMIT 1
                """, arguments: [now]) {
                let job = try Self.job(row)
                if job.status == .running && job.attempts >= job.maxAttempts {
                    // Its last lease expired (the worker died): dead, not run again.
                    try db.execute(sql: """
                        UPDATE jobs SET status = 'failed', finished_at = ?, lease_token = NULL,
                        error = ? WHERE id = ?
                        """, arguments: [now, Self.expiredError(job), job.id])
                    continue
                }
                if job.status == .running && job.cancelRequested {
                    try db.execute(sql: """
                        UPDATE jobs SET status = 'cancelled', finished_at = ?, lease_token = NULL WHERE id = ?
                        """, arguments: [now, job.id])
                    continue
                }
                let token = UUID().uuidString
                try db.execute(sql: """
                    UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = ?, worker = ?,
                    lease_token = ?, lease_expires = ? WHERE id = ?
                    """, arguments: [now, worker, token, now + lease, job.id])
                var leased = job
                leased.status = .running
                leased.attempts += 1
                leased.startedAt = Date(timeIntervalSince1970: now)
                leased.worker = worker
                return JobLease(job: leased, token: token, worker: worker)
            }
            return nil
        }
    }

    static func expiredError(_ job: Job) -> String {
        "its worker stopped answering during attempt \(job.attempts) of \(job.maxAttempts)"
            + (job.error.map { "; last error: \($0)" } ?? "")
    }

    public func heartbeat(_ lease: JobLease, progress: JobProgress?) async throws -> HeartbeatReply {
        let seconds = options.leaseSeconds
        return try await write { db in
            let now = Date().timeIntervalSince1970
            if let progress {
                try db.execute(sql: """
                    UPDATE jobs SET lease_expires = ?, progress_completed = ?, progress_total = ?, progress_message = ?
                    WHERE id = ? AND lease_token = ? AND status = 'running'
                    """, arguments: [now + seconds, progress.completed, progress.total, progress.message,
                                     lease.job.id, lease.token])
            } else {
                try db.execute(sql: """
                    UPDATE jobs SET lease_expires = ? WHERE id = ? AND lease_token = ? AND status = 'running'
                    """, arguments: [now + seconds, lease.job.id, lease.token])
            }
            guard db.changesCount == 1 else { throw JobQueueError.leaseLost(lease.job.id) }
            let cancel = try Bool.fetchOne(db, sql: "SELECT cancel_requested FROM jobs WHERE id = ?",
                                           arguments: [lease.job.id]) ?? false
            return cancel ? .cancelRequested : .proceed
        }
    }

    public func complete(_ lease: JobLease, result: String) async throws {
        try await write { db in
            try db.execute(sql: """
                UPDATE jobs SET status = 'done', result = ?, error = NULL, finished_at = ?, lease_token = NULL,
                lease_expires = NULL WHERE id = ? AND lease_token = ? AND status = 'running'
                """, arguments: [result, Date().timeIntervalSince1970, lease.job.id, lease.token])
            guard db.changesCount == 1 else { throw JobQueueError.leaseLost(lease.job.id) }
        }
    }

    public func fail(_ lease: JobLease, _ ending: JobEnding) async throws {
        try await write { db in
            let now = Date().timeIntervalSince1970
            let owned = "WHERE id = ? AND lease_token = ? AND status = 'running'"
            let key: [any DatabaseValueConvertible] = [lease.job.id, lease.token]
            switch ending {
            case .retry(let message):
                try db.execute(sql: """
                    UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                    finished_at = CASE WHEN attempts >= max_attempts THEN ? ELSE NULL END,
                    error = ?, lease_token = NULL, lease_expires = NULL \(owned)
                    """, arguments: StatementArguments([now, message] + key))
            case .permanent(let message):
                try db.execute(sql: """
                    UPDATE jobs SET status = 'failed', finished_at = ?, error = ?, lease_token = NULL,
                    lease_expires = NULL \(owned)
                    """, arguments: StatementArguments([now, message] + key))
            case .released:
                try db.execute(sql: """
                    UPDATE jobs SET status = 'queued', attempts = attempts - 1, lease_token = NULL,
                    lease_expires = NULL \(owned)
                    """, arguments: StatementArguments(key))
            case .cancelled:
                try db.execute(sql: """
                    UPDATE jobs SET status = 'cancelled', finished_at = ?, lease_token = NULL, lease_expires = NULL \(owned)
                    """, arguments: StatementArguments([now] + key))
            }
            guard db.changesCount == 1 else { throw JobQueueError.leaseLost(lease.job.id) }
        }
    }

    public func cancel(id: String) async throws -> Job {
        try await write { db in
            try db.execute(sql: """
                UPDATE jobs SET status = 'cancelled', finished_at = ? WHERE id = ? AND status = 'queued'
                """, arguments: [Date().timeIntervalSince1970, id])
            try db.execute(sql: "UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND status = 'running'",
                           arguments: [id])
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]) else {
                throw JobQueueError.notFound(id)
            }
            return try Self.job(row)
        }
    }

    public func list(status: JobStatus?, limit: Int) async throws -> [Job] {
        try await read { db in
            let rows = if let status {
                try Row.fetchAll(db, sql: "SELECT * FROM jobs WHERE status = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                                 arguments: [status.rawValue, limit])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM jobs ORDER BY created_at DESC, id DESC LIMIT ?", arguments: [limit])
            }
            return try rows.map(Self.job)
        }
    }

    public func get(id: String) async throws -> Job? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map(Self.job)
        }
    }

    private static func job(_ row: Row) throws -> Job {
        guard let status = JobStatus(rawValue: row["status"]) else {
            throw JobQueueError.storage("unknown status '\(row["status"] as String)' of job \(row["id"] as String)")
        }
        var job = Job(id: row["id"], submission: JobSubmission(kind: row["kind"], title: row["title"],
                                                                  payload: row["payload"], maxAttempts: row["max_attempts"]),
                      createdAt: Date(timeIntervalSince1970: row["created_at"]))
        job.status = status
        job.attempts = row["attempts"]
        job.startedAt = (row["started_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        job.finishedAt = (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        job.worker = row["worker"]
        if let completed: Int = row["progress_completed"] {
            job.progress = JobProgress(completed: completed, total: row["progress_total"] ?? 0,
                                       message: row["progress_message"] ?? "")
        }
        job.result = row["result"]
        job.error = row["error"]
        job.cancelRequested = row["cancel_requested"]
        return job
    }

    /// One immediate transaction: the write lock is taken up front, so two processes never
    /// both read a queued job and then race to lease it.
    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.writeWithoutTransaction { db in
                var value: T?
                try db.inTransaction(.immediate) {
                    value = try body(db)
                    return .commit
                }
                return value!
            }
        } catch let error as DatabaseError {
            throw JobQueueError.storage("\(path): \(error.message ?? "\(error)")")
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as DatabaseError {
            throw JobQueueError.storage("\(path): \(error.message ?? "\(error)")")
        }
    }
}
