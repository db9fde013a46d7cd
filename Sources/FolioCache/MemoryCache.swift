import Foundation

/// The `memory` backend: entries in this process only, least recently used evicted first
/// once there are more than `maxEntries` entries or `maxBytes` bytes (keys plus values).
public actor MemoryCache: ResponseCache {
    private let maxEntries: Int
    private let maxBytes: Int
    private let clock: any CacheClock
    private var entries: [String: CacheEntry] = [:]
    private var order = LRUIndex()
    private var bytes = 0
    private var hits = 0
    private var misses = 0
    private var evictions = 0

    /// Creates an empty cache bounded by `maxEntries` and `maxBytes`.
    public init(maxEntries: Int = 10_000, maxBytes: Int = 256 * 1024 * 1024, clock: any CacheClock = SystemCacheClock()) {
        self.maxEntries = max(1, maxEntries)
        self.maxBytes = max(1, maxBytes)
        self.clock = clock
    }

    public func get(_ key: String) -> Data? {
        guard let entry = entries[key] else {
            misses += 1
            return nil
        }
        if entry.isExpired(at: clock.now) {
            remove(key)
            misses += 1
            return nil
        }
        order.touch(key)
        hits += 1
        return entry.value
    }

    public func set(_ key: String, _ value: Data, ttl: Duration?) {
        remove(key)
        let size = Self.size(key, value)
        guard size <= maxBytes else { return }  // larger than the whole cache: never kept
        entries[key] = CacheEntry(key: key, value: value, expiresAt: CacheEntry.expiry(now: clock.now, ttl: ttl))
        order.touch(key)
        bytes += size
        while entries.count > maxEntries || bytes > maxBytes, let oldest = order.oldest {
            remove(oldest)
            evictions += 1
        }
    }

    public func delete(matching pattern: String) -> Int {
        let glob = GlobPattern(pattern: pattern)
        let doomed = entries.keys.filter(glob.matches)
        doomed.forEach(remove)
        return doomed.count
    }

    public func stats() -> CacheStats {
        CacheStats(backend: "memory", entries: entries.count, bytes: bytes, hits: hits, misses: misses,
                   evictions: evictions)
    }

    private func remove(_ key: String) {
        guard let entry = entries.removeValue(forKey: key) else { return }
        order.remove(key)
        bytes -= Self.size(key, entry.value)
    }

    private static func size(_ key: String, _ value: Data) -> Int {
        key.utf8.count + value.count
    }
}
