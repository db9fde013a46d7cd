import FolioRetrieval
import Synchronization

/// Embeds each distinct text once: the claim datasets repeat their documents across rows.
final class CachingEmbedder: Embedder {
    let base: MiniLMEmbedder
    private let cache = Mutex([String: [Float]]())
    var modelID: String { base.modelID }
    var dimension: Int { base.dimension }

    init(_ base: MiniLMEmbedder) { self.base = base }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        let missing = Array(Set(texts.filter { text in cache.withLock { $0[text] == nil } }))
        if !missing.isEmpty {
            let vectors = base.embedSynchronously(missing)
            cache.withLock { cache in for (text, vector) in zip(missing, vectors) { cache[text] = vector } }
        }
        return cache.withLock { cache in texts.map { cache[$0]! } }
    }
}
