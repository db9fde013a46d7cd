import FolioRetrieval
import Foundation

/// The passages of a set of sources, embedded once, searched per claim by MiniLM cosine fused
/// with BM25 (reciprocal rank fusion).
public struct EvidenceIndex: Sendable {
    /// Tuning.
    public struct Options: Sendable, Equatable {
        /// Sentences per window, besides single sentences.
        public var window: Int
        /// Candidates taken from each ranking before fusion.
        public var candidates: Int
        /// The constant of reciprocal rank fusion.
        public var fusionConstant: Double

        /// Creates options.
        public init(window: Int = 2, candidates: Int = 30, fusionConstant: Double = 20) {
            self.window = window
            self.candidates = candidates
            self.fusionConstant = fusionConstant
        }
    }

    /// Every passage, in index order.
    public let passages: [SourcePassage]
    private let vectors: [Float]
    private let dimension: Int
    private let lexical: BM25Index
    private let options: Options

    /// Splits `documents` into passages and embeds them.
    public static func build(documents: [SourceDocument], embedder: any Embedder,
                             options: Options = Options()) async throws -> EvidenceIndex {
        let passages = documents.flatMap { $0.passages(window: options.window) }
        return try await build(passages: passages, embedder: embedder, options: options)
    }

    /// Embeds `passages` as given.
    public static func build(passages: [SourcePassage], embedder: any Embedder,
                             options: Options = Options()) async throws -> EvidenceIndex {
        let vectors = passages.isEmpty ? [] : try await embedder.embed(passages.map(\.text))
        return EvidenceIndex(passages: passages, vectors: vectors, dimension: embedder.dimension, options: options)
    }

    init(passages: [SourcePassage], vectors: [[Float]], dimension: Int, options: Options) {
        self.passages = passages
        self.dimension = dimension
        self.vectors = vectors.flatMap { $0 }
        self.options = options
        lexical = BM25Index(texts: passages.map(\.text))
    }

    /// The best `limit` passages for a claim, best first; `vector` is the claim's embedding.
    public func search(_ claim: String, vector: [Float], limit: Int) -> [Evidence] {
        guard !passages.isEmpty, limit > 0 else { return [] }
        let cosines = similarities(vector)
        let dense = cosines.indices.sorted { cosines[$0] > cosines[$1] }.prefix(options.candidates)
        let lexicalHits = lexical.search(claim, limit: options.candidates, excluding: [])
        var fused: [Int: Double] = [:]
        var bm25: [Int: Double] = [:]
        for (rank, index) in dense.enumerated() {
            fused[index, default: 0] += 1 / (options.fusionConstant + Double(rank + 1))
        }
        for (rank, hit) in lexicalHits.enumerated() {
            fused[hit.chunk, default: 0] += 1 / (options.fusionConstant + Double(rank + 1))
            bm25[hit.chunk] = hit.score
        }
        return fused.sorted { ($0.value, cosines[$0.key]) > ($1.value, cosines[$1.key]) }.prefix(limit).map { index, score in
            Evidence(passage: passages[index], cosine: Double(cosines[index]), bm25: bm25[index] ?? 0, fused: score)
        }
    }

    /// Cosine of `vector` with every passage (vectors are unit length).
    private func similarities(_ vector: [Float]) -> [Float] {
        guard vector.count == dimension else { return [Float](repeating: 0, count: passages.count) }
        var result = [Float](repeating: 0, count: passages.count)
        vectors.withUnsafeBufferPointer { all in
            vector.withUnsafeBufferPointer { query in
                for row in 0..<passages.count {
                    var sum: Float = 0
                    let base = row * dimension
                    for column in 0..<dimension { sum += all[base + column] * query[column] }
                    result[row] = sum
                }
            }
        }
        return result
    }
}
