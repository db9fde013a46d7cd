import FolioRetrieval
import FolioTesting
import Synchronization

/// The bundled MiniLM model, loaded once for all tests.
enum SharedEmbedder {
    static let miniLM = Result { try MiniLMEmbedder(directory: MiniLMReference.modelDirectory) }
}

/// Wraps an embedder, counting the texts it embeds and optionally renaming its model.
final class CountingEmbedder: Embedder {
    let inner: any Embedder
    let modelID: String
    var dimension: Int { inner.dimension }
    private let counter = Mutex(0)

    init(_ inner: any Embedder, modelID: String? = nil) {
        self.inner = inner
        self.modelID = modelID ?? inner.modelID
    }

    var embedded: Int { counter.withLock { $0 } }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        counter.withLock { $0 += texts.count }
        return try await inner.embed(texts)
    }
}
