import Foundation

/// A store of finished model responses (and other costly results, such as embedding batches),
/// looked up by key.
///
/// Five requirements; everything else is a convenience in an extension. Keys are plain strings
/// with human-readable prefixes (`chapter:<slug>:<n>:<hash>`, see ``CacheKey``) so that glob
/// patterns select what to forget. Values are opaque bytes.
///
/// A backend that cannot reach its storage for a lookup or a store (Redis down) may degrade to
/// a miss rather than throw; callers in front of a model treat any thrown error as a miss too,
/// so a broken cache never fails the work it speeds up.
public protocol ResponseCache: Sendable {
    /// The value stored under `key`, or `nil` when absent, expired or unreadable; counts a hit or a miss.
    func get(_ key: String) async throws -> Data?

    /// Stores `value` under `key`, replacing what was there; `ttl` of `nil` keeps it until evicted.
    func set(_ key: String, _ value: Data, ttl: Duration?) async throws

    /// Removes every entry whose key matches the glob `pattern` (`*`, `?`, `[…]`); returns how many.
    func delete(matching pattern: String) async throws -> Int

    /// Entry counts, sizes and lookup counters.
    func stats() async throws -> CacheStats

    /// Releases connections (Redis); the cache is not used afterwards.
    func close() async
}

extension ResponseCache {
    /// Nothing to release: in-process and file backends hold no connection.
    public func close() async {}

    /// Stores `value` under `key` until it is evicted.
    public func set(_ key: String, _ value: Data) async throws {
        try await set(key, value, ttl: nil)
    }

    /// Removes every entry.
    @discardableResult
    public func clear() async throws -> Int {
        try await delete(matching: "*")
    }

    /// Decodes the JSON value stored under `key`; a value that does not decode counts as absent.
    public func value<Value: Decodable>(forKey key: String, as type: Value.Type = Value.self) async throws -> Value? {
        guard let data = try await get(key) else { return nil }
        return try? JSONDecoder().decode(Value.self, from: data)
    }

    /// Stores `value` as JSON under `key`.
    public func store<Value: Encodable>(_ value: Value, forKey key: String, ttl: Duration? = nil) async throws {
        try await set(key, try JSONEncoder().encode(value), ttl: ttl)
    }
}
