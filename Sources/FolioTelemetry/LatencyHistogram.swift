import Foundation

/// Percentiles of millisecond latencies in constant memory: log-spaced buckets 1 % wide from
/// 0.01 ms to about 3 hours, so a percentile is within 0.5 % of the true value whatever the
/// number of samples.
public struct LatencyHistogram: Sendable, Equatable {
    private static let growth = 1.01
    private static let smallest = 0.01
    private static let bucketCount = 2400
    private var counts = [Int](repeating: 0, count: bucketCount)
    /// How many samples were added.
    public private(set) var total = 0

    /// An empty histogram.
    public init() {}

    /// Adds one latency, in milliseconds.
    public mutating func add(_ milliseconds: Double) {
        counts[Self.bucket(of: milliseconds)] += 1
        total += 1
    }

    /// Adds every sample of `other`.
    public mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
        total += other.total
    }

    /// The value below which `fraction` (0–1) of the samples lie; `nil` when empty.
    public func percentile(_ fraction: Double) -> Double? {
        guard total > 0 else { return nil }
        let rank = max(1, Int((fraction * Double(total)).rounded(.up)))
        var seen = 0
        for (index, count) in counts.enumerated() where count > 0 {
            seen += count
            if seen >= rank { return Self.value(of: index) }
        }
        return Self.value(of: counts.count - 1)
    }

    private static func bucket(of value: Double) -> Int {
        guard value > smallest else { return 0 }
        // ln(1.01), written out: computed per sample it was a second logarithm for every line.
        let logGrowth = 0.009950330853168083
        // Clamped before the conversion: a value past Int's range (`1e999` reads as infinity) would trap.
        let index = log(value / smallest) / logGrowth + 1
        return index >= Double(bucketCount - 1) ? bucketCount - 1 : Int(index)
    }

    /// The middle of bucket `index` (geometric), the value reported for its samples.
    private static func value(of index: Int) -> Double {
        index == 0 ? smallest : smallest * pow(growth, Double(index) - 0.5)
    }
}
