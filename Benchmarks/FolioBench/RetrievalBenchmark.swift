#if canImport(Glibc)
import FolioTokenizers
import Glibc
#endif
import FolioCore
import FolioRetrieval
import Foundation

// Retrieval benchmarks: native MiniLM embedding throughput against sentence-transformers
// (a Python subprocess timing only its encode calls), indexing a 20-chapter book, re-indexing
// after one chapter changes, query latency and memory at 10k chunks.
//
// The Python baseline runs with FOLIO_ST_PYTHON (default /tmp/st-venv/bin/python), a
// virtualenv holding torch, sentence-transformers and faiss-cpu; without it baselines are 0.

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let modelDirectory = root.appendingPathComponent("models/all-MiniLM-L6-v2").path

/// Chunk-sized texts (about 500 characters) from a seeded mix of sentences.
func benchmarkTexts(_ count: Int, seed: UInt64 = 11) -> [String] {
    let subjects = ["The harbour master", "A tired sailor", "The old lighthouse keeper", "Her younger sister",
                    "The village council", "A stranger in a grey coat", "The baker", "Two children"]
    let verbs = ["watched the storm gather over", "argued for an hour about", "walked slowly along",
                 "wrote a long letter about", "remembered the night of", "refused to speak of", "painted a picture of"]
    let objects = ["the northern reef", "the flooded mill", "the abbey on the hill", "the market square",
                   "the broken bell tower", "the fishing boats", "the orchard behind the chapel", "the winter fair"]
    var state = seed | 1
    func next(_ n: Int) -> Int {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Int(state % UInt64(n))
    }
    return (0..<count).map { _ in
        var text = ""
        while text.count < 480 {
            text += "\(subjects[next(subjects.count)]) \(verbs[next(verbs.count)]) \(objects[next(objects.count)]). "
        }
        return text
    }
}

private struct PythonBaseline: Decodable {
    var encode_seconds: [String: Double]?
    var query_seconds: [Double]?
    var search: String?
}

private func runPythonBaseline(_ request: [String: Any]) -> PythonBaseline? {
    let python = ProcessInfo.processInfo.environment["FOLIO_ST_PYTHON"] ?? "/tmp/st-venv/bin/python"
    guard FileManager.default.isExecutableFile(atPath: python) else {
        FileHandle.standardError.write(Data("retrieval: no Python baseline at \(python); baselines are 0\n".utf8))
        return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [root.appendingPathComponent("Benchmarks/python/minilm_bench.py").path]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: request))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode(PythonBaseline.self, from: data)
    } catch {
        FileHandle.standardError.write(Data("retrieval: Python baseline failed: \(error)\n".utf8))
        return nil
    }
}

/// Embedding throughput at batch 1, 16 and 64: chunks/s and tokens/s.
func runEmbeddingBenchmark() throws -> [BenchmarkFigure] {
    let texts = benchmarkTexts(128)
    let batches = [1, 16, 64]
    let probe = try MiniLMEmbedder(directory: modelDirectory)
    let tokens = texts.reduce(0) { $0 + probe.tokenizer.encode($1, maxLength: MiniLMEmbedder.maxTokens).count }
    let baseline = runPythonBaseline(["model": modelDirectory, "texts": texts, "batches": batches, "threads": 2])
    var figures: [BenchmarkFigure] = []
    for batch in batches {
        let embedder = try MiniLMEmbedder(directory: modelDirectory, batchSize: batch)
        _ = embedder.embedSynchronously(Array(texts.prefix(8)))
        let started = ContinuousClock.now
        _ = embedder.embedSynchronously(texts)
        let seconds = (ContinuousClock.now - started).seconds
        let python = baseline?.encode_seconds?["\(batch)"] ?? 0
        figures.append(BenchmarkFigure(name: "embedding batch \(batch)", value: Double(texts.count) / seconds,
                                       unit: "chunks/s", baseline: python > 0 ? Double(texts.count) / python : 0))
        figures.append(BenchmarkFigure(name: "embedding batch \(batch) tokens", value: Double(tokens) / seconds,
                                       unit: "tokens/s", baseline: python > 0 ? Double(tokens) / python : 0))
    }
    return figures
}

/// An embedder making deterministic pseudo-random unit vectors, to fill a large store quickly.
private struct HashEmbedder: Embedder {
    let modelID = "bench:hash"
    let dimension = 384
    func embed(_ texts: [String]) async throws -> [[Float]] {
        texts.map { text in
            var state = UInt64(bitPattern: Int64(text.hashValue)) | 1
            let raw = (0..<384).map { _ -> Float in
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                return Float(Int64(bitPattern: state) % 10_000) / 10_000
            }
            let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return raw.map { $0 / norm }
        }
    }
}

private func writeChapters(_ book: URL, chapters: Int, textsPerChapter: Int) throws {
    let folder = book.appendingPathComponent("chapters")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for chapter in 1...chapters {
        let body = benchmarkTexts(textsPerChapter, seed: UInt64(chapter) * 7919).joined(separator: "\n\n")
        try "# Chapter \(chapter): Part\n\n\(body)\n".write(
            to: folder.appendingPathComponent(String(format: "%02d-part.md", chapter)), atomically: true, encoding: .utf8)
    }
}

/// glibc's `malloc_trim` (declared in <malloc.h>, which the Glibc module does not include).
@_silgen_name("malloc_trim") private func mallocTrim(_ pad: Int) -> Int32

/// Resident memory in MB, after handing freed heap memory back to the system, so memory freed
/// by earlier work (and kept by the allocator for reuse) does not hide new growth.
private func residentMegabytes() -> Double {
    _ = mallocTrim(0)
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
    return kilobytes / 1024
}

/// Indexing a 20-chapter book, re-indexing one changed chapter, and query latency and memory at 10k chunks.
func runRetrievalStoreBenchmark() async throws -> [BenchmarkFigure] {
    let embedder = try MiniLMEmbedder(directory: modelDirectory, batchSize: 32)
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    var figures: [BenchmarkFigure] = []

    // A 20-chapter book of about 5,000 characters a chapter.
    let book = scratch.appendingPathComponent("book")
    try writeChapters(book, chapters: 20, textsPerChapter: 10)
    let store = try RetrievalStore(bookDirectory: book.path, embedder: embedder)
    var started = ContinuousClock.now
    let full = try await store.update()
    let fullSeconds = (ContinuousClock.now - started).seconds
    // Baseline: sentence-transformers encoding the same chunk texts (encode only, batch 32).
    let allTexts = try (1...20).flatMap { chapter -> [String] in
        let text = try String(contentsOf: book.appendingPathComponent(String(format: "chapters/%02d-part.md", chapter)),
                              encoding: .utf8)
        return TextChunker().chunks(of: text).map(\.text)
    }
    let python = runPythonBaseline(["model": modelDirectory, "texts": allTexts, "batches": [32], "threads": 2])
    figures.append(BenchmarkFigure(name: "index 20-chapter book (\(full.chunks) chunks)", value: fullSeconds, unit: "s",
                                   baseline: python?.encode_seconds?["32"] ?? 0))

    // One chapter edited: only its changed chunks are embedded again.
    let edited = book.appendingPathComponent("chapters/07-part.md")
    try (String(contentsOf: edited, encoding: .utf8) + "\nA new closing sentence about the winter fair.\n")
        .write(to: edited, atomically: true, encoding: .utf8)
    started = ContinuousClock.now
    let again = try await store.update()
    let reindexSeconds = (ContinuousClock.now - started).seconds
    figures.append(BenchmarkFigure(name: "re-index after one chapter changed (\(again.chunksEmbedded) chunks embedded)",
                                   value: reindexSeconds, unit: "s", baseline: fullSeconds))

    // 10k chunks: 100 chapters of 100 chunk-sized texts, vectors from a fast stand-in embedder.
    let before = residentMegabytes()
    let large = scratch.appendingPathComponent("large")
    try writeChapters(large, chapters: 100, textsPerChapter: 100)
    let bigStore = try RetrievalStore(bookDirectory: large.path, embedder: HashEmbedder(),
                                      options: .init(chunker: TextChunker(size: 512, overlap: 0)))
    let bigReport = try await bigStore.update()
    let after = residentMegabytes()
    let queries = benchmarkTexts(60, seed: 99).map { String($0.prefix(120)) }
    var latencies: [Double] = []
    for query in queries {
        started = ContinuousClock.now
        let vector = try await embedder.embed(query)
        _ = try await bigStore.search(vector: vector, limit: 10)
        latencies.append((ContinuousClock.now - started).seconds * 1000)
    }
    latencies.removeFirst(10)
    let pythonQueries = runPythonBaseline(["model": modelDirectory, "queries": Array(queries), "index_size": bigReport.chunks,
                                           "threads": 2])?.query_seconds.map { Array($0.dropFirst(10)).map { $0 * 1000 } } ?? []
    func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }
    figures.append(BenchmarkFigure(name: "query p50 at \(bigReport.chunks) chunks (embed + search)",
                                   value: percentile(latencies, 0.5), unit: "ms", baseline: percentile(pythonQueries, 0.5)))
    figures.append(BenchmarkFigure(name: "query p95 at \(bigReport.chunks) chunks (embed + search)",
                                   value: percentile(latencies, 0.95), unit: "ms", baseline: percentile(pythonQueries, 0.95)))
    figures.append(BenchmarkFigure(name: "memory for \(bigReport.chunks) chunks (RSS growth; baseline raw float32 vectors)",
                                   value: after - before, unit: "MB",
                                   baseline: Double(bigReport.chunks * 384 * 4) / 1_048_576))
    let onDisk = try FileManager.default.attributesOfItem(atPath: large.appendingPathComponent(".rag/index.faiss").path)[.size] as? Int ?? 0
    let meta = try FileManager.default.attributesOfItem(atPath: large.appendingPathComponent(".rag/meta.sqlite").path)[.size] as? Int ?? 0
    figures.append(BenchmarkFigure(name: "disk for \(bigReport.chunks) chunks (index.faiss + meta.sqlite; baseline raw vectors)",
                                   value: Double(onDisk + meta) / 1_048_576, unit: "MB",
                                   baseline: Double(bigReport.chunks * 384 * 4) / 1_048_576))
    return figures
}
