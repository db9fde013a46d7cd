/// Where model responses are cached (`CACHE_BACKEND`).
public enum CacheBackend: String, Sendable, CaseIterable, Codable {
    /// In this process only, least recently used evicted.
    case memory
    /// One file per entry under a folder, least recently used evicted (the default).
    case file
    /// A Redis server shared by every worker.
    case redis
}
