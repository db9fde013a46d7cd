extension Settings {
    /// The retrieval store of every book (`BOOK/.rag`): chunking, embeddings, search.
    public struct Retrieval: Sendable {
        /// `disabled`, `basic` (summaries), `hybrid` (summaries + passages) or `full` (+ BM25 fusion).
        public var mode: RetrievalMode = .hybrid
        /// Characters per chunk.
        public var chunkSize: Int = 512
        /// Characters shared by consecutive chunks.
        public var chunkOverlap: Int = 128
        /// Passages retrieved per chapter.
        public var topK: Int = 10
        /// Cosine similarity a passage needs to enter a chapter's context.
        public var minScore: Double = 0.25
        /// Chunks above which a book's index becomes HNSW instead of exact.
        public var hnswThreshold: Int = 50_000
        /// `nil` for the native all-MiniLM-L6-v2 model in-process (`native`), or the tier whose
        /// embeddings endpoint is used: `openai`, `openai-compatible` (/v1/embeddings) or `ollama`
        /// (/api/embed) (`EMBEDDING_PROVIDER`).
        public var embeddingProvider: ProviderName? = nil
        /// Folder of the native model.
        public var embeddingModelDirectory: String = "models/all-MiniLM-L6-v2"
        /// Model name for a provider's embeddings endpoint.
        public var embeddingModel: String? = nil
        /// Vector length of the provider's embedding model (the native model's is 384).
        public var embeddingDimensions: Int = 384
        /// Most batches the native model encodes side by side, a thread each (`EMBEDDING_THREADS`).
        public var embeddingThreads: Int = 2
        /// Arithmetic of the native model's matrix products (`EMBEDDING_PRECISION`).
        public var embeddingPrecision: EmbeddingPrecision = .auto
    }

    mutating func readRetrieval(_ read: SettingsParser) throws {
        if let name = read.string("RAG_MODE") {
            guard let mode = RetrievalMode(rawValue: name.lowercased()) else {
                throw FolioError.badInput("RAG_MODE must be disabled, basic, hybrid or full; got '\(name)'")
            }
            retrieval.mode = mode
        }
        retrieval.chunkSize = try read.int("RAG_CHUNK_SIZE", in: 64...100_000) ?? retrieval.chunkSize
        retrieval.chunkOverlap = try read.int("RAG_CHUNK_OVERLAP", in: 0...99_999) ?? retrieval.chunkOverlap
        guard retrieval.chunkOverlap < retrieval.chunkSize else {
            throw FolioError.badInput("RAG_CHUNK_OVERLAP (\(retrieval.chunkOverlap)) must be smaller than RAG_CHUNK_SIZE (\(retrieval.chunkSize))")
        }
        retrieval.topK = try read.int("RAG_TOP_K", in: 0...1000) ?? retrieval.topK
        retrieval.minScore = try read.double("RAG_MIN_SCORE", in: -1...1) ?? retrieval.minScore
        retrieval.hnswThreshold = try read.int("RAG_HNSW_THRESHOLD", in: 1...Int.max) ?? retrieval.hnswThreshold
        if let name = read.string("EMBEDDING_PROVIDER")?.lowercased() {
            let endpoints: [ProviderName] = [.openai, .openAICompatible, .ollama]
            guard name == "native" || endpoints.contains(where: { $0.rawValue == name }) else {
                throw FolioError.badInput("EMBEDDING_PROVIDER must be native, openai, openai-compatible or ollama; got '\(name)'")
            }
            retrieval.embeddingProvider = ProviderName(rawValue: name)
        }
        retrieval.embeddingModelDirectory = read.string("EMBEDDING_MODEL_DIR") ?? retrieval.embeddingModelDirectory
        retrieval.embeddingModel = read.string("EMBEDDING_MODEL")
        retrieval.embeddingDimensions = try read.int("EMBEDDING_DIMENSIONS", in: 1...65_536) ?? retrieval.embeddingDimensions
        retrieval.embeddingThreads = try read.int("EMBEDDING_THREADS", in: 1...256) ?? retrieval.embeddingThreads
        if let name = read.string("EMBEDDING_PRECISION") {
            guard let precision = EmbeddingPrecision(rawValue: name.lowercased()) else {
                throw FolioError.badInput("EMBEDDING_PRECISION must be auto or f32; got '\(name)'")
            }
            retrieval.embeddingPrecision = precision
        }
    }
}
