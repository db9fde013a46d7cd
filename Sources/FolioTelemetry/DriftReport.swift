/// The last window of calls against the one before: how quality, safety, unsupported claims,
/// latency and errors moved, and which moved past their thresholds.
public struct DriftReport: Sendable, Equatable {
    /// How far a measure may move before it counts as drift.
    public struct Thresholds: Sendable, Equatable {
        /// Largest fall of mean quality, in percent (`DRIFT_QUALITY_DROP_PERCENT`).
        public var qualityDropPercent = 10.0
        /// Largest fall of mean safety confidence, in percent (`DRIFT_SAFETY_DROP_PERCENT`).
        public var safetyDropPercent = 10.0
        /// Largest rise of the unsupported-claim rate, in percentage points (`DRIFT_UNSUPPORTED_RISE_POINTS`).
        public var unsupportedRisePoints = 5.0
        /// Largest rise of p95 latency, in percent (`DRIFT_LATENCY_RISE_PERCENT`).
        public var latencyRisePercent = 50.0
        /// Largest rise of the error rate, in percentage points (`DRIFT_ERROR_RISE_POINTS`).
        public var errorRisePoints = 5.0

        /// The defaults.
        public init() {}
    }

    /// One measure in both windows.
    public struct Measure: Sendable, Equatable {
        /// Its name (`quality`, `safety_confidence`, `unsupported_claim_rate`, `latency_p95_ms`, `error_rate`).
        public var name: String
        /// Its value in the window before; `nil` without data.
        public var previous: Double?
        /// Its value in the last window; `nil` without data.
        public var current: Double?
        /// The change in percent of the previous value; `nil` when either is missing or the previous is 0.
        public var changePercent: Double?
        /// Whether it moved past its threshold, in the bad direction.
        public var drifted: Bool
    }

    /// Every measure, in a fixed order.
    public var measures: [Measure]
    /// Whether any measure drifted.
    public var drifted: Bool { measures.contains(where: \.drifted) }

    /// Compares `current` with `previous`.
    public init(previous: CallStatistics, current: CallStatistics, thresholds: Thresholds = .init()) {
        func percent(_ old: Double?, _ new: Double?) -> Double? {
            guard let old, let new, old != 0 else { return nil }
            return (new - old) / abs(old) * 100
        }
        func measure(_ name: String, _ old: Double?, _ new: Double?, drifted: (Double, Double) -> Bool) -> Measure {
            let moved = old.flatMap { old in new.map { drifted(old, $0) } } ?? false
            return Measure(name: name, previous: old, current: new, changePercent: percent(old, new), drifted: moved)
        }
        let rate = { (statistics: CallStatistics) in statistics.requests == 0 ? nil : statistics.errorRate }
        measures = [
            measure("quality", previous.meanQuality, current.meanQuality) { old, new in
                old > 0 && (old - new) / old * 100 > thresholds.qualityDropPercent
            },
            measure("safety_confidence", previous.meanSafetyConfidence, current.meanSafetyConfidence) { old, new in
                old > 0 && (old - new) / old * 100 > thresholds.safetyDropPercent
            },
            measure("unsupported_claim_rate", previous.unsupportedClaimRate, current.unsupportedClaimRate) { old, new in
                (new - old) * 100 > thresholds.unsupportedRisePoints
            },
            measure("latency_p95_ms", previous.total.percentile(0.95), current.total.percentile(0.95)) { old, new in
                old > 0 && (new - old) / old * 100 > thresholds.latencyRisePercent
            },
            measure("error_rate", rate(previous), rate(current)) { old, new in
                (new - old) * 100 > thresholds.errorRisePoints
            },
        ]
    }
}
