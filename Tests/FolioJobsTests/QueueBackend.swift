import FolioJobs
import FolioRedis
import FolioTesting
import Foundation
import Testing

/// The queues the shared behavioural suite runs against, each over real storage.
enum QueueBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, redis

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh, empty queue of this kind whose leases last `lease`; `open`
    /// opens another handle on the same queue (as a second process would).
    func with(lease: Duration = .seconds(30),
              _ body: (_ queue: any JobQueue, _ open: @Sendable () throws -> any JobQueue) async throws -> Void)
        async throws {
        let options = JobQueueOptions(leaseDuration: lease)
        switch self {
        case .sqlite:
            try await withTemporaryDirectory("folio-jobs") { directory in
                let path = directory.appending("queue/jobs.sqlite")
                try await body(try SQLiteJobQueue(path: path, options: options)) {
                    try SQLiteJobQueue(path: path, options: options)
                }
            }
        case .redis:
            try await withRedisServer { server in
                let url = try RedisURL(server.url)
                let queue = RedisJobQueue(url: url, options: options)
                try await body(queue) { RedisJobQueue(url: url, options: options) }
                await queue.close()
            }
        }
    }
}

extension JobSubmission {
    static func test(_ title: String, attempts: Int = 3) -> JobSubmission {
        JobSubmission(kind: "test", title: title, payload: #"{"title":"\#(title)"}"#, maxAttempts: attempts)
    }
}
