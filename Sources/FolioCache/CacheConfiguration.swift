import FolioCore
import FolioRedis
import Foundation

/// Which cache to open and how large it may grow.
public struct CacheConfiguration: Sendable {
    /// Where entries live.
    public var backend: CacheBackend = .file
    /// Folder of the file backend.
    public var directory: String = ".cache/folio"
    /// Server of the Redis backend (may hold a password).
    public var redisURL: Secret = Secret("redis://127.0.0.1:6379/0")
    /// Most entries kept by the memory and file backends.
    public var maxEntries: Int = 10_000
    /// Most bytes kept by the memory and file backends.
    public var maxBytes: Int = 256 * 1024 * 1024
    /// How long entries live, by kind.
    public var ttl = CacheTTLPolicy()

    /// The defaults: a file cache under `.cache/folio`.
    public init() {}

    /// Opens the configured backend; a malformed Redis URL is bad input.
    public func open(clock: any CacheClock = SystemCacheClock()) throws -> any ResponseCache {
        switch backend {
        case .memory:
            return MemoryCache(maxEntries: maxEntries, maxBytes: maxBytes, clock: clock)
        case .redis:
            return RedisCache(url: try RedisURL(redisURL.value), clock: clock)
        case .file:
            return FileCache(directory: URL(fileURLWithPath: directory), maxEntries: maxEntries,
                             maxBytes: maxBytes, clock: clock)
        }
    }
}
