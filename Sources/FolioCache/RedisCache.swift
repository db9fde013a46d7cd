import FolioCore
import FolioRedis
import Foundation
import Logging
import Synchronization

/// The `redis` backend: entries in a Redis server shared by every process and machine using it.
///
/// Entries are `folio:cache:<key>` strings in ``CacheEntry``'s checked layout, stored with
/// `SET … PX` so Redis drops them when they expire (the expiry is also checked against the
/// injected clock on read). Hits and misses are counted in the server (`folio:stats:hits`,
/// `folio:stats:misses`) in the same round trip as the lookup. Pattern deletes walk the
/// key space with `SCAN`, never `KEYS`. Size bounds are the server's (`maxmemory` with an LRU
/// policy); evictions reported are the server's `evicted_keys`.
///
/// When the server cannot be reached, lookups miss and stores are skipped, with one warning
/// per cache: the work goes on uncached, and the connection is retried as it goes.
/// `delete(matching:)` and `stats()` do throw, since they have nothing to fall back on.
public final class RedisCache: ResponseCache {
    /// Where the server is.
    public let url: RedisURL
    private let connection: RedisConnection
    private let clock: any CacheClock
    private let logger: Logger
    private let warned = Mutex(false)

    static let entryPrefix = "folio:cache:"
    static let hitsKey = "folio:stats:hits"
    static let missesKey = "folio:stats:misses"

    /// Looks the key up and counts a hit or a miss, in one round trip.
    private static let lookupScript = """
        local value = redis.call('GET', KEYS[1])
        if value then redis.call('INCR', KEYS[2]) else redis.call('INCR', KEYS[3]) end
        return value
        """
    /// Turns a counted hit on an unusable value into a miss and drops the value.
    private static let rejectScript = """
        redis.call('DEL', KEYS[1])
        redis.call('DECR', KEYS[2])
        redis.call('INCR', KEYS[3])
        return 1
        """

    /// Creates a cache on the server at `url`; nothing connects until the first call.
    /// `retryInterval` is how long to wait after a failed connect before trying again.
    public init(url: RedisURL, clock: any CacheClock = SystemCacheClock(), retryInterval: Double = 5,
                logger: Logger = FolioLogging.logger("cache")) {
        self.url = url
        self.connection = RedisConnection(url: url, retryInterval: retryInterval)
        self.clock = clock
        self.logger = logger
    }

    public func get(_ key: String) async throws -> Data? {
        let name = Data((Self.entryPrefix + key).utf8)
        let reply: RedisReply
        do {
            reply = try await connection.command(
                [Data("EVAL".utf8), Data(Self.lookupScript.utf8), Data("3".utf8), name,
                 Data(Self.hitsKey.utf8), Data(Self.missesKey.utf8)])
        } catch {
            degrade(error)
            return nil
        }
        guard let data = reply.data else { return nil }
        guard let entry = CacheEntry.decode(data), entry.key == key, !entry.isExpired(at: clock.now) else {
            _ = try? await connection.command(
                [Data("EVAL".utf8), Data(Self.rejectScript.utf8), Data("3".utf8), name,
                 Data(Self.hitsKey.utf8), Data(Self.missesKey.utf8)])
            return nil
        }
        return entry.value
    }

    public func set(_ key: String, _ value: Data, ttl: Duration?) async throws {
        let entry = CacheEntry(key: key, value: value, expiresAt: CacheEntry.expiry(now: clock.now, ttl: ttl))
        var arguments = [Data("SET".utf8), Data((Self.entryPrefix + key).utf8), entry.encoded()]
        if let ttl {
            let milliseconds = max(1, Int((ttl.seconds * 1000).rounded(.up)))
            arguments += [Data("PX".utf8), Data(String(milliseconds).utf8)]
        }
        do {
            _ = try await connection.command(arguments)
        } catch {
            degrade(error)
        }
    }

    public func delete(matching pattern: String) async throws -> Int {
        var removed = 0
        try await scan(matching: pattern) { keys in
            let reply = try await connection.command([Data("UNLINK".utf8)] + keys)
            removed += reply.integer ?? 0
        }
        return removed
    }

    public func stats() async throws -> CacheStats {
        var entries = 0
        var bytes = 0
        try await scan(matching: "*") { keys in
            entries += keys.count
            let lengths = try await connection.pipeline(keys.map { [Data("STRLEN".utf8), $0] })
            bytes += lengths.reduce(0) { $0 + ($1.integer ?? 0) }
        }
        let replies = try await checked {
            try await connection.pipeline([
                [Data("MGET".utf8), Data(Self.hitsKey.utf8), Data(Self.missesKey.utf8)],
                [Data("INFO".utf8), Data("stats".utf8)],
            ])
        }
        let counters = replies[0].elements.map { $0.integer ?? 0 }
        let info = replies[1].text ?? ""
        let evicted = info.split(whereSeparator: \.isNewline)
            .first { $0.hasPrefix("evicted_keys:") }
            .flatMap { Int($0.dropFirst("evicted_keys:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return CacheStats(backend: "redis", entries: entries, bytes: bytes, hits: counters.first ?? 0,
                          misses: counters.count > 1 ? counters[1] : 0, evictions: evicted)
    }

    /// Closes the connection.
    public func close() async {
        await connection.close()
    }

    /// Calls `body` with each batch of entry names matching `pattern`, walking with `SCAN`.
    private func scan(matching pattern: String, _ body: ([Data]) async throws -> Void) async throws {
        var cursor = "0"
        repeat {
            let reply = try await checked {
                try await connection.command(
                    [Data("SCAN".utf8), Data(cursor.utf8), Data("MATCH".utf8), Data((Self.entryPrefix + pattern).utf8),
                     Data("COUNT".utf8), Data("1000".utf8)])
            }
            let parts = reply.elements
            guard parts.count == 2, let next = parts[0].text else {
                throw FolioError.runtime("Redis at \(url) answered SCAN unexpectedly")
            }
            cursor = next
            let keys = parts[1].elements.compactMap(\.data)
            if !keys.isEmpty { try await checked { try await body(keys) } }
        } while cursor != "0"
    }

    /// Runs `body`, turning Redis failures into one-line runtime errors.
    private func checked<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RedisError {
            throw FolioError.runtime("Redis cache at \(url): \(error)")
        }
    }

    /// A lookup or store that could not reach Redis: warn the first time, then carry on uncached.
    private func degrade(_ error: any Error) {
        let first = warned.withLock { warned in
            defer { warned = true }
            return !warned
        }
        if first {
            logger.warning("Redis cache unreachable; continuing without the cache",
                           metadata: ["redis": "\(url)", "reason": "\(error)"])
        } else {
            logger.debug("Redis cache call failed", metadata: ["reason": "\(error)"])
        }
    }
}
