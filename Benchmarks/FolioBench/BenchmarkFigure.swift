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
        self.ratio = baseline > 0 ? value / baseline : .nan
    }
}

import Foundation

extension BenchmarkFigure {
    /// `NAME: VALUE UNIT (baseline VALUE UNIT, ratio R)`.
    var line: String {
        let ratioText = ratio.isFinite ? String(format: "%.2f", ratio) : "n/a"
        return String(format: "%@: %.3f %@ (baseline %.3f %@, ratio %@)", name, value, unit, baseline, unit, ratioText)
    }

    /// Writes every figure to `Benchmarks/results/latest.json` (atomically).
    static func writeResults(_ figures: [BenchmarkFigure]) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let objects = figures.map {
            ["name": $0.name, "value": $0.value, "unit": $0.unit, "baseline": $0.baseline,
             "ratio": $0.ratio.isFinite ? $0.ratio as Any : NSNull()] as [String: Any]
        }
        let data = try JSONSerialization.data(withJSONObject: ["figures": objects], options: [.prettyPrinted, .sortedKeys])
        try data.write(to: folder.appendingPathComponent("latest.json"), options: .atomic)
    }

    /// The median of `values`.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
