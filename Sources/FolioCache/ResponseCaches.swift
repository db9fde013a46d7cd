import FolioProviders
import FolioCore
import Foundation

/// Opens the cache that settings choose.
public enum ResponseCaches {
    /// The backend named by `settings.backend`; bad settings (a malformed `REDIS_URL`) are bad input.
    public static func open(_ settings: Settings.Cache, clock: any CacheClock = SystemCacheClock()) throws -> any ResponseCache {
        switch settings.backend {
        case "memory":
            return MemoryCache(maxEntries: settings.maxEntries, maxBytes: settings.maxBytes, clock: clock)
        case "redis":
            return RedisCache(url: try RedisURL(settings.redisURL.value), clock: clock)
        default:
            return FileCache(directory: URL(fileURLWithPath: settings.directory), maxEntries: settings.maxEntries,
                             maxBytes: settings.maxBytes, clock: clock)
        }
    }
}

/// Runs `body` with the cache `settings` choose, closing its connection (Redis) on every path out.
public func withResponseCache<T: Sendable>(
    _ settings: Settings.Cache,
    _ body: (any ResponseCache) async throws -> T
) async throws -> T {
    let cache = try ResponseCaches.open(settings)
    do {
        let result = try await body(cache)
        if let redis = cache as? RedisCache { await redis.close() }
        return result
    } catch {
        if let redis = cache as? RedisCache { await redis.close() }
        throw error
    }
}

/// Runs `body` with `chain` behind the cache `settings` choose (a ``CachingStreamer``), or
/// with the bare chain when `enabled` is false (`--no-cache`).
public func withCachingStreamer<T: Sendable>(
    _ chain: ProviderChain,
    settings: Settings.Cache,
    enabled: Bool = true,
    _ body: (any ChatStreamer) async throws -> T
) async throws -> T {
    guard enabled else { return try await body(chain) }
    return try await withResponseCache(settings) { cache in
        try await body(CachingStreamer(chain: chain, cache: cache, ttl: CacheTTLPolicy(seconds: settings.ttlSeconds)))
    }
}
