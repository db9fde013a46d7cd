import FolioBooks
import FolioRetrieval

/// An embedder answering from a ``RememberingSentenceEncoder``: the safety check of a chapter
/// embeds its claims, which are the chapter's sentences, and the chapter guard embedded each of
/// them as it streamed.
struct RememberedEmbedder: Embedder {
    /// The memory the vectors come from.
    let memory: RememberingSentenceEncoder
    /// The embedder the memory's encoder is: its model and dimension.
    let base: any Embedder

    var modelID: String { base.modelID }
    var dimension: Int { base.dimension }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        memory.vectors(texts)
    }
}
