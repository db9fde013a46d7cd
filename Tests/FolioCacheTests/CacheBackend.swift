import FolioCache
import FolioRedis
import FolioTesting
import Foundation
import Logging
import Testing

/// The backends the shared behavioural suite runs against, each over real storage.
enum CacheBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, file, redis

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh, empty cache of this kind. `maxEntries` bounds the memory and
    /// file backends; Redis is bounded by its server's `maxmemory` (`redisMaxMemory`).
    func with(clock: ManualCacheClock = ManualCacheClock(), maxEntries: Int = 10_000, maxBytes: Int = 64 << 20,
              redisMaxMemory: String? = nil,
              _ body: (any ResponseCache) async throws -> Void) async throws {
        switch self {
        case .memory:
            try await body(MemoryCache(maxEntries: maxEntries, maxBytes: maxBytes, clock: clock))
        case .file:
            try await withTemporaryDirectory("folio-cache") { directory in
                try await body(FileCache(directory: directory.url, maxEntries: maxEntries, maxBytes: maxBytes, clock: clock))
            }
        case .redis:
            try await withRedisServer(maxMemory: redisMaxMemory) { server in
                let cache = RedisCache(url: try RedisURL(server.url), clock: clock)
                try await body(cache)
                await cache.close()
            }
        }
    }
}

/// A logger whose messages a test can read.
final class CapturedLog: Sendable {
    private let lines = LockedLines()

    var logger: Logger {
        let lines = self.lines
        var logger = Logger(label: "test") { _ in CapturingHandler(lines: lines) }
        logger.logLevel = .debug
        return logger
    }

    func messages(at level: Logger.Level) -> [String] {
        lines.all.filter { $0.level == level }.map(\.message)
    }
}

final class LockedLines: @unchecked Sendable {
    // @unchecked Sendable: `lines` is only touched with `lock` held.
    private let lock = NSLock()
    private var lines: [(level: Logger.Level, message: String)] = []
    func append(_ level: Logger.Level, _ message: String) { lock.withLock { lines.append((level, message)) } }
    var all: [(level: Logger.Level, message: String)] { lock.withLock { lines } }
}

struct CapturingHandler: LogHandler {
    let lines: LockedLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        lines.append(level, message.description + " " + (metadata ?? [:]).map { "\($0)=\($1)" }.joined(separator: " "))
    }
}
