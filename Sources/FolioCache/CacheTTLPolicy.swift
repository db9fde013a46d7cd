/// How long entries live, by kind (the key's first component: `chapter`, `outline`, …).
public struct CacheTTLPolicy: Sendable, Equatable {
    /// Seconds by kind; `default` covers kinds not listed. 0 keeps entries until evicted.
    public var seconds: [String: Int]

    /// A policy from seconds by kind.
    public init(seconds: [String: Int] = CacheTTLPolicy.defaultSeconds) {
        self.seconds = seconds
    }

    /// A week for outlines, chapters and everything else; 30 days for summaries and embeddings.
    public static let defaultSeconds: [String: Int] = [
        "outline": 604_800, "chapter": 604_800, "summary": 2_592_000, "embed": 2_592_000, "default": 604_800,
    ]

    /// The time to live of `key`, `nil` for no expiry.
    public func ttl(for key: String) -> Duration? {
        let value = seconds[CacheKey.kind(of: key)] ?? seconds["default"] ?? 0
        return value > 0 ? .seconds(value) : nil
    }
}
