import FolioCore
import FolioRetrieval
import Foundation

/// `FolioBench embedding-precision`: the native encoder's sentences per second with its
/// default precision (bfloat16 products through oneDNN where the CPU has AMX), against f32
/// through OpenBLAS on the same sentences in the same run; best of three runs each.
func runEmbeddingPrecisionBenchmark() throws -> [BenchmarkFigure] {
    let sentences = benchmarkTexts(200).flatMap { $0.split(separator: ". ").map { String($0) + "." } }
    let exact = try MiniLMEmbedder(directory: miniLMDirectory(), precision: .f32)
    let fast = try MiniLMEmbedder(directory: miniLMDirectory(), precision: .auto)
    func rate(_ embedder: MiniLMEmbedder) -> Double {
        _ = embedder.embedSynchronously(Array(sentences.prefix(64)))
        let best = (0..<3).map { _ in
            let started = ContinuousClock.now
            _ = embedder.embedSynchronously(sentences)
            return (ContinuousClock.now - started).seconds
        }.min()!
        return Double(sentences.count) / best
    }
    let baseline = rate(exact)
    let value = rate(fast)
    return [BenchmarkFigure(name: "MiniLM sentences embedded per second, \(fast.encoder.matrixProducts) (vs f32 OpenBLAS)",
                            value: value, unit: "sentences/s", baseline: baseline)]
}
