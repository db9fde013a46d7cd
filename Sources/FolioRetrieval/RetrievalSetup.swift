import FolioCore
import FolioProviders

/// Builds the retrieval parts from settings.
public enum RetrievalSetup {
    /// The embedder `EMBEDDING_PROVIDER` names: the native MiniLM model, or a provider's endpoint.
    public static func embedder(_ settings: Settings, transport: any Transport) throws -> any Embedder {
        let retrieval = settings.retrieval
        switch retrieval.embeddingProvider {
        case "native":
            MiniLMEmbedder.setThreads(retrieval.embeddingThreads)
            return try MiniLMEmbedder(directory: retrieval.embeddingModelDirectory)
        case let name:
            guard let endpoint = settings.endpoints[name] else {
                throw FolioError.badInput("EMBEDDING_PROVIDER \(name) has no endpoint settings")
            }
            return EndpointEmbedder(wire: name == "ollama" ? .ollama : .openAI, endpoint: endpoint,
                                    model: retrieval.embeddingModel, dimension: retrieval.embeddingDimensions,
                                    transport: transport)
        }
    }

    /// Chunking and index settings of a book's store.
    public static func storeOptions(_ settings: Settings) -> RetrievalStore.Options {
        RetrievalStore.Options(
            chunker: TextChunker(size: settings.retrieval.chunkSize, overlap: settings.retrieval.chunkOverlap),
            index: VectorIndex.Configuration(hnswThreshold: settings.retrieval.hnswThreshold))
    }

    /// Retriever tuning for `mode` (RAG_MODE unless given).
    public static func retrieverOptions(_ settings: Settings, mode: RetrievalMode? = nil) throws -> HybridRetriever.Options {
        HybridRetriever.Options(mode: try mode ?? RetrievalMode.parse(settings.retrieval.mode),
                                minimumScore: settings.retrieval.minScore)
    }
}
