import FolioBooks
import FolioCore
import FolioProviders
import FolioRetrieval
import Foundation
import Synchronization

extension FolioRuntime {
    /// The embedder `EMBEDDING_PROVIDER` names — the native MiniLM model, or a tier's
    /// embeddings endpoint — loaded on first use and shared by the runtime.
    public func embedder() throws -> any Embedder {
        if let embedder = parts.withLock({ $0.embedder }) { return embedder }
        let made = try makeEmbedder()
        return parts.withLock { parts in
            if let embedder = parts.embedder { return embedder }
            parts.embedder = made
            return made
        }
    }

    /// The memory of sentence vectors shared by the book pipeline's guards and quality records
    /// and the safety chain; `nil` unless the runtime's embedder is the native MiniLM.
    public func sentenceMemory() throws -> RememberingSentenceEncoder? {
        guard let encoder = try embedder() as? MiniLMEmbedder else { return nil }
        return parts.withLock { parts in
            if let memory = parts.sentences { return memory }
            let memory = RememberingSentenceEncoder(encoder)
            parts.sentences = memory
            return memory
        }
    }

    /// Opens the retrieval store of the book folder `book` (`BOOK/.rag`), repairing a damaged
    /// index or database with a warning; a folder that is not a book is bad input.
    public func retrievalStore(book: String, warn: @escaping @Sendable (String) -> Void) throws -> RetrievalStore {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: book, isDirectory: &isFolder), isFolder.boolValue else {
            throw FolioError.badInput("no book folder at \(book)")
        }
        let folder = URL(fileURLWithPath: book)
        let hasBook = FileManager.default.fileExists(atPath: folder.appendingPathComponent("book.json").path)
            || FileManager.default.fileExists(atPath: folder.appendingPathComponent("chapters").path)
        guard hasBook else {
            throw FolioError.badInput("\(book) is not a book folder (no book.json or chapters/)")
        }
        return try RetrievalStore(bookDirectory: book, embedder: try embedder(), options: RetrievalStore.Options(settings),
                                  warn: warn)
    }

    /// Everything retrieval does for the book `slug` in `folder` while it is written: indexing,
    /// summaries through `chat`, and passages, as `RAG_MODE` says.
    func bookRetrieval(folder: String, slug: String, chat: any ChatStreamer,
                       warn: @escaping @Sendable (String) -> Void) throws -> BookRetrieval {
        BookRetrieval(bookDirectory: folder, slug: slug, embedder: try embedder(),
                      storeOptions: RetrievalStore.Options(settings), retrieverOptions: HybridRetriever.Options(settings),
                      chat: chat, model: settings.model, seed: settings.books.seed, warn: warn)
    }

    private func makeEmbedder() throws -> any Embedder {
        let retrieval = settings.retrieval
        guard let tier = retrieval.embeddingProvider else {
            return try MiniLMEmbedder(directory: retrieval.embeddingModelDirectory,
                                      threads: retrieval.embeddingThreads, precision: retrieval.embeddingPrecision)
        }
        guard let endpoint = settings.hosted[tier]?.endpoint else {
            throw FolioError.badInput("EMBEDDING_PROVIDER \(tier.rawValue) has no endpoint settings")
        }
        return EndpointEmbedder(wire: tier == .ollama ? .ollama : .openAI, endpoint: endpoint,
                                model: retrieval.embeddingModel, dimension: retrieval.embeddingDimensions,
                                transport: transport)
    }
}
