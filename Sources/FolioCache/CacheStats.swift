/// What a cache holds and how often it answered.
public struct CacheStats: Sendable, Equatable, Codable {
    /// `memory`, `file` or `redis`.
    public var backend: String
    /// Entries stored (expired ones not yet removed included).
    public var entries: Int
    /// Bytes of stored values (and, for the memory and file backends, their keys and headers).
    public var bytes: Int
    /// Lookups that found a value.
    public var hits: Int
    /// Lookups that found nothing usable.
    public var misses: Int
    /// Entries removed to stay within the size bounds.
    public var evictions: Int

    /// Creates a record.
    public init(backend: String, entries: Int, bytes: Int, hits: Int, misses: Int, evictions: Int) {
        self.backend = backend
        self.entries = entries
        self.bytes = bytes
        self.hits = hits
        self.misses = misses
        self.evictions = evictions
    }

    /// Hits over lookups, 0 when there were none.
    public var hitRate: Double {
        hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses)
    }

    enum CodingKeys: String, CodingKey {
        case backend, entries, bytes, hits, misses, evictions
        case hitRate = "hit_rate"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        backend = try container.decode(String.self, forKey: .backend)
        entries = try container.decode(Int.self, forKey: .entries)
        bytes = try container.decode(Int.self, forKey: .bytes)
        hits = try container.decode(Int.self, forKey: .hits)
        misses = try container.decode(Int.self, forKey: .misses)
        evictions = try container.decode(Int.self, forKey: .evictions)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(backend, forKey: .backend)
        try container.encode(entries, forKey: .entries)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(hits, forKey: .hits)
        try container.encode(misses, forKey: .misses)
        try container.encode(hitRate, forKey: .hitRate)
        try container.encode(evictions, forKey: .evictions)
    }
}
