extension Settings {
    /// The generation log (`LOGS_DIR/generations.jsonl`) and its drift thresholds.
    public struct Logs: Sendable {
        /// Whether every model call is logged (`LOG_GENERATIONS`, `on` or `off`).
        public var generations = true
        /// Whether prompts and answers are logged in full, not only as hash and length (`LOG_CONTENT`).
        public var content = false
        /// Size past which the log is rotated (`LOG_MAX_BYTES`).
        public var maxBytes = 64 * 1024 * 1024
        /// Rotated files kept (`LOG_KEEP`).
        public var keep = 3
        /// Largest fall of mean quality, in percent (`DRIFT_QUALITY_DROP_PERCENT`).
        public var driftQualityDropPercent = 10.0
        /// Largest fall of mean safety confidence, in percent (`DRIFT_SAFETY_DROP_PERCENT`).
        public var driftSafetyDropPercent = 10.0
        /// Largest rise of the unsupported-claim rate, in points (`DRIFT_UNSUPPORTED_RISE_POINTS`).
        public var driftUnsupportedRisePoints = 5.0
        /// Largest rise of p95 latency, in percent (`DRIFT_LATENCY_RISE_PERCENT`).
        public var driftLatencyRisePercent = 50.0
        /// Largest rise of the error rate, in points (`DRIFT_ERROR_RISE_POINTS`).
        public var driftErrorRisePoints = 5.0
    }

    mutating func readLogs(_ read: SettingsParser) throws {
        logs.generations = try read.switch("LOG_GENERATIONS") ?? logs.generations
        logs.content = try read.switch("LOG_CONTENT") ?? logs.content
        logs.maxBytes = try read.int("LOG_MAX_BYTES", in: 4096...Int.max) ?? logs.maxBytes
        logs.keep = try read.int("LOG_KEEP", in: 1...100) ?? logs.keep
        logs.driftQualityDropPercent = try read.double("DRIFT_QUALITY_DROP_PERCENT", in: 0...100)
            ?? logs.driftQualityDropPercent
        logs.driftSafetyDropPercent = try read.double("DRIFT_SAFETY_DROP_PERCENT", in: 0...100)
            ?? logs.driftSafetyDropPercent
        logs.driftUnsupportedRisePoints = try read.double("DRIFT_UNSUPPORTED_RISE_POINTS", in: 0...100)
            ?? logs.driftUnsupportedRisePoints
        logs.driftLatencyRisePercent = try read.double("DRIFT_LATENCY_RISE_PERCENT", in: 0...100_000)
            ?? logs.driftLatencyRisePercent
        logs.driftErrorRisePoints = try read.double("DRIFT_ERROR_RISE_POINTS", in: 0...100)
            ?? logs.driftErrorRisePoints
    }
}
