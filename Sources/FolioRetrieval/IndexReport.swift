/// What bringing a book's retrieval store up to date did.
public struct IndexReport: Sendable, Equatable, Codable {
    /// Chapter files found.
    public var chapters: Int = 0
    /// Chapters (re)indexed because they were new or changed.
    public var chaptersIndexed: Int = 0
    /// Chapters whose files are gone, dropped from the store.
    public var chaptersRemoved: Int = 0
    /// Chunks in the store afterwards.
    public var chunks: Int = 0
    /// Chunks embedded by the model this time.
    public var chunksEmbedded: Int = 0
    /// Chunks of changed chapters whose text was unchanged, so their vectors were kept.
    public var chunksReused: Int = 0
    /// The embedding model of the store's vectors.
    public var embeddingModel: String = ""

    /// An empty report.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case chapters
        case chaptersIndexed = "chapters_indexed"
        case chaptersRemoved = "chapters_removed"
        case chunks
        case chunksEmbedded = "chunks_embedded"
        case chunksReused = "chunks_reused"
        case embeddingModel = "embedding_model"
    }
}
