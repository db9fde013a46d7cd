/// One measured figure of a benchmark, next to the baseline it is compared with.
struct BenchmarkFigure: Sendable {
    /// What was measured, e.g. `SSE decoding`.
    var name: String
    /// The measured value for Folio's implementation.
    var value: Double
    /// The unit of `value` and `baseline`, e.g. `MB/s`.
    var unit: String
    /// The same measurement for the baseline implementation.
    var baseline: Double
    /// `value / baseline`: above 1 means Folio is faster (for a throughput unit).
    var ratio: Double

    /// Creates a figure; the ratio is derived.
    init(name: String, value: Double, unit: String, baseline: Double) {
        self.name = name
        self.value = value
        self.unit = unit
        self.baseline = baseline
        self.ratio = baseline > 0 ? value / baseline : .infinity
    }
}
