import CBLAS
import FolioCore
import FolioTokenizers
import Foundation
import Synchronization

/// all-MiniLM-L6-v2 run natively: WordPiece tokens, the 6-layer BERT encoder,
/// mean pooling over the tokens and L2 normalisation, as sentence-transformers does.
public struct MiniLMEmbedder: Embedder {
    /// Texts longer than this many tokens (with `[CLS]` and `[SEP]`) are truncated, as the reference does.
    public static let maxTokens = 256
    /// Model id recorded with every vector this embedder makes.
    public let modelID: String
    public var dimension: Int { encoder.configuration.hiddenSize }
    /// The tokenizer, shared with token counting.
    public let tokenizer: WordPieceTokenizer
    /// The encoder.
    public let encoder: BertEncoder
    /// At most this many texts are encoded together.
    public var batchSize: Int
    /// At most this many batches are encoded side by side, each on a thread of its own.
    public var threads: Int

    /// Loads the model folder (`config.json`, `model.safetensors`, `vocab.txt`),
    /// by default `models/all-MiniLM-L6-v2`; `precision` chooses the encoder's arithmetic;
    /// `threads` caps the batches encoded side by side (by default, one per core).
    public init(directory: String = "models/all-MiniLM-L6-v2", batchSize: Int = 32,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                precision: EmbeddingPrecision = .auto) throws {
        Self.oneBLASThread
        let folder = URL(fileURLWithPath: directory)
        let configuration = try BertConfiguration.load(folder.appendingPathComponent("config.json").path)
        let weights = try SafeTensors(contentsOf: folder.appendingPathComponent("model.safetensors").path)
        tokenizer = try WordPieceTokenizer(vocabularyFile: folder.appendingPathComponent("vocab.txt").path)
        encoder = try BertEncoder(configuration: configuration, weights: weights, precision: precision)
        modelID = "native:" + folder.standardizedFileURL.lastPathComponent
        self.batchSize = max(1, batchSize)
        self.threads = max(1, threads)
    }

    /// OpenBLAS set to one thread, once for the process: one batch's products are too small
    /// to share, and a second BLAS thread waits for a core. Beside a local model server keeping
    /// both cores busy, one sentence took 0.35–0.5 s to embed with two BLAS threads, 0.025 s
    /// with one (a chapter guard embeds each sentence as it streams).
    private static let oneBLASThread: Void = openblas_set_num_threads(1)

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        embedSynchronously(texts)
    }

    /// The vectors of `texts`, computed on the calling thread (and, for several batches, on
    /// up to `threads` workers).
    ///
    /// Texts are sorted by token count and encoded in batches of similar length, then
    /// returned in the caller's order. Matrix products of one batch are too small to keep
    /// two BLAS threads busy, so several batches run side by side instead, each with a
    /// single-threaded BLAS.
    public func embedSynchronously(_ texts: [String]) -> [[Float]] {
        let limit = min(Self.maxTokens, encoder.configuration.maxPositions)
        let sequences = texts.map { tokenizer.encode($0, maxLength: limit) }
        let order = sequences.indices.sorted { sequences[$0].count < sequences[$1].count }
        // Fewer texts than workers × batch size: smaller batches, so every worker gets one.
        let cores = min(threads, ProcessInfo.processInfo.activeProcessorCount)
        let size = max(1, min(batchSize, (order.count + cores - 1) / cores))
        let batches = stride(from: 0, to: order.count, by: size).map {
            Array(order[$0..<min($0 + size, order.count)])
        }
        let pooled = Mutex([[[Float]]](repeating: [], count: batches.count))
        let encode: @Sendable (Int) -> Void = { [encoder] index in
            let vectors = encoder.meanPooled(batches[index].map { sequences[$0] })
            pooled.withLock { $0[index] = vectors }
        }
        let workers = min(batches.count, cores)
        if workers > 1 {
            let next = Atomic(0)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while case let index = next.add(1, ordering: .relaxed).oldValue, index < batches.count {
                    encode(index)
                }
            }
        } else {
            batches.indices.forEach(encode)
        }
        var result = [[Float]](repeating: [], count: texts.count)
        pooled.withLock { pooled in
            for (batch, vectors) in zip(batches, pooled) {
                for (index, vector) in zip(batch, vectors) { result[index] = normalized(vector) }
            }
        }
        return result
    }
}
