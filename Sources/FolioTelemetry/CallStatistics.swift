/// The figures of a group of model calls, as `folio stats` reports them.
public struct CallStatistics: Sendable, Equatable {
    /// Calls made.
    public private(set) var requests = 0
    /// Calls that ended in an error (cancelled ones included).
    public private(set) var errors = 0
    /// Time to first text, in milliseconds.
    public private(set) var firstToken = LatencyHistogram()
    /// Whole-call time, in milliseconds.
    public private(set) var total = LatencyHistogram()
    /// Prompt tokens.
    public private(set) var promptTokens = 0.0
    /// Generated tokens.
    public private(set) var completionTokens = 0.0
    /// US dollars.
    public private(set) var costUSD = 0.0
    /// Calls answered from the cache.
    public private(set) var cacheHits = 0
    /// Calls that looked in the cache (hits and misses).
    public private(set) var cacheLookups = 0
    /// Calls that moved to another tier at least once.
    public private(set) var fellBack = 0
    private var quality = Mean()
    private var safety = Mean()
    private var unsupported = Mean()

    /// No calls yet.
    public init() {}

    /// Share of calls that failed.
    public var errorRate: Double { requests == 0 ? 0 : Double(errors) / Double(requests) }
    /// Share of cache lookups that hit; `nil` when the cache was never asked.
    public var cacheHitRate: Double? { cacheLookups == 0 ? nil : Double(cacheHits) / Double(cacheLookups) }
    /// Share of calls that fell back to another tier.
    public var fallbackRate: Double { requests == 0 ? 0 : Double(fellBack) / Double(requests) }
    /// Mean quality score of the calls that had one.
    public var meanQuality: Double? { quality.value }
    /// Mean safety confidence of the calls that had one.
    public var meanSafetyConfidence: Double? { safety.value }
    /// Mean share of unsupported claims of the calls that were checked.
    public var unsupportedClaimRate: Double? { unsupported.value }

    mutating func add(_ line: LogLineFields) {
        defer {
            quality.add(line.quality)
            safety.add(line.safetyConfidence)
            unsupported.add(line.unsupportedClaimRate)
        }
        guard !line.isAssessment else { return }
        requests += 1
        if line.hasError { errors += 1 }
        if let value = line.firstTokenMilliseconds { firstToken.add(value) }
        if let value = line.totalMilliseconds { total.add(value) }
        promptTokens += line.promptTokens
        completionTokens += line.completionTokens
        costUSD += line.costUSD
        if line.cacheLookup { cacheLookups += 1 }
        if line.cacheHit { cacheHits += 1 }
        if line.fallbacks > 0 { fellBack += 1 }
    }

    /// Adds every call of `other`.
    public mutating func merge(_ other: CallStatistics) {
        requests += other.requests
        errors += other.errors
        firstToken.merge(other.firstToken)
        total.merge(other.total)
        promptTokens += other.promptTokens
        completionTokens += other.completionTokens
        costUSD += other.costUSD
        cacheHits += other.cacheHits
        cacheLookups += other.cacheLookups
        fellBack += other.fellBack
        quality.merge(other.quality)
        safety.merge(other.safety)
        unsupported.merge(other.unsupported)
    }
}

/// A running mean of optional values.
private struct Mean: Sendable, Equatable {
    private var sum = 0.0
    private var count = 0

    var value: Double? { count == 0 ? nil : sum / Double(count) }

    mutating func add(_ value: Double?) {
        guard let value else { return }
        sum += value
        count += 1
    }

    mutating func merge(_ other: Mean) {
        sum += other.sum
        count += other.count
    }
}
