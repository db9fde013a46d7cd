import FolioCore
import FolioProviders
import Foundation

/// Everything retrieval does for one book being written: indexes saved
/// chapters when a search first needs them, summarises a chapter when first asked
/// (modes that use summaries), and retrieves passages (hybrid and full modes).
///
/// The store under `BOOK/.rag` is opened on first use; the chapters a run's searches
/// never reach (in a three-chapter book, the last two) are left for the next opener
/// (`folio index`, `folio query`, a later run) to catch up.
public actor BookRetrieval: PassageRetriever, ChapterSummaries, ChapterIndexer {
    /// The book's folder.
    public nonisolated let bookDirectory: String
    /// The mode and retriever tuning.
    public nonisolated let retrieverOptions: HybridRetriever.Options
    let embedder: any Embedder
    let storeOptions: RetrievalStore.Options
    let chat: any ChatStreamer
    let slug: String
    let model: String?
    let seed: Int?
    let warn: @Sendable (String) -> Void
    private var opened: RetrievalStore?

    /// Creates the retrieval of the book `slug` in `bookDirectory`.
    public init(bookDirectory: String, slug: String, embedder: any Embedder, storeOptions: RetrievalStore.Options,
                retrieverOptions: HybridRetriever.Options, chat: any ChatStreamer, model: String? = nil,
                seed: Int? = nil, warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.seed = seed
        self.bookDirectory = bookDirectory
        self.slug = slug
        self.embedder = embedder
        self.storeOptions = storeOptions
        self.retrieverOptions = retrieverOptions
        self.chat = chat
        self.model = model
        self.warn = warn
    }

    /// The opened store.
    public func store() throws -> RetrievalStore {
        if let opened { return opened }
        let store = try RetrievalStore(bookDirectory: bookDirectory, embedder: embedder, options: storeOptions, warn: warn)
        opened = store
        return store
    }

    public func index(chapters numbers: Set<Int>) async throws {
        _ = try await store().update(only: numbers)
    }

    public func summary(ofChapter number: Int, text: String) async throws -> String {
        let summaries = SummaryStore(store: try store(), chat: chat, slug: slug, model: model, seed: seed)
        return try await summaries.summary(ofChapter: number, text: text)
    }

    public func passages(for query: String, excluding excludedChapters: Set<Int>, limit: Int) async throws -> [RetrievedPassage] {
        guard retrieverOptions.mode.retrievesPassages else { return [] }
        let retriever = HybridRetriever(store: try store(), options: retrieverOptions)
        return try await retriever.passages(for: query, excluding: excludedChapters, limit: limit)
    }
}
