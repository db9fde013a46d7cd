import FolioCore

/// How long entries live, by kind (the key's first component: `chapter`, `outline`, …).
public struct CacheTTLPolicy: Sendable, Equatable {
    /// Seconds by kind; `default` covers kinds not listed. 0 keeps entries until evicted.
    public var seconds: [String: Int]

    /// A policy from seconds by kind.
    public init(seconds: [String: Int] = Settings.Cache.defaultTTLs) {
        self.seconds = seconds
    }

    /// The time to live of `key`, `nil` for no expiry.
    public func ttl(for key: String) -> Duration? {
        let value = seconds[CacheKey.kind(of: key)] ?? seconds["default"] ?? 0
        return value > 0 ? .seconds(value) : nil
    }
}
