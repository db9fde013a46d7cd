import Foundation

// Runs every benchmark (or those named exactly by an argument), prints one line per
// figure — `NAME: VALUE UNIT (baseline VALUE UNIT, ratio R)` — and writes the same figures
// as JSON to Benchmarks/results/latest.json.
//
// Add a benchmark by appending one entry to `benchmarks`.

let benchmarks: [(name: String, run: () async throws -> [BenchmarkFigure])] = [
    ("sse", { [runSSEDecodingBenchmark()] }),
    ("stream-formats", { try runStreamFormatDecodingBenchmark() }),
    ("chain-overhead", { try await runProviderChainBenchmark() }),
    ("first-token", { try await runFirstTokenBenchmark() }),
    ("cache-hit", { try await runCacheHitBenchmark() }),
    ("cl100k", { try runCl100kBenchmark() }),
    ("context-assembly", { try await runContextAssemblyBenchmark() }),
    ("embedding", { try runEmbeddingBenchmark() }),
    ("embedding-precision", { try runEmbeddingPrecisionBenchmark() }),
    ("retrieval-store", { try await runRetrievalStoreBenchmark() }),
    ("stats", { try runStatsBenchmark() }),
    ("epub", { try runEPUBExportBenchmark() }),
    ("safety", { try await runSafetyBenchmark() }),
    ("safety-wice-test", { try await measureWiCETest() }),
    ("safety-speed", { try await safetySpeedFigures() }),
    ("book-guards", { try await runBookGuardsBenchmark() }),
    ("book-quality", { try await runBookQualityBenchmark() }),
    ("job-queue", { try await runJobQueueBenchmark() }),
    ("posts", { try await runPostBenchmark() }),
]

// `FolioBench fit-safety-judge` refits the offline claim judge instead of benchmarking.
// `FolioBench cache-safety-features` computes the safety test sets' features ahead of a run.
// `FolioBench safety-recall` compares evidence search settings on WiCE dev.
if CommandLine.arguments.dropFirst().first == "fit-safety-judge" {
    try await fitSafetyJudge()
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "safety-recall" {
    try await compareEvidenceSearch()
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "cache-safety-features" {
    try await cacheSafetyTestFeatures()
    exit(0)
}

let filters = CommandLine.arguments.dropFirst()
var figures: [BenchmarkFigure] = []
for benchmark in benchmarks where filters.isEmpty || filters.contains(benchmark.name) {
    do {
        for figure in try await benchmark.run() {
            print(figure.line)
            figures.append(figure)
        }
    } catch {
        FileHandle.standardError.write(Data("\(benchmark.name): failed: \(error)\n".utf8))
        exit(1)
    }
}
try BenchmarkFigure.writeResults(figures)
