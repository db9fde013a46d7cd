/// A passage of an earlier chapter found relevant to a query.
public struct RetrievedPassage: Sendable, Equatable, Codable {
    /// The chapter it comes from (1-based).
    public var chapter: Int
    /// The chunk's index within that chapter.
    public var chunk: Int
    /// Similarity to the query (higher is closer).
    public var score: Double
    /// The passage's text.
    public var text: String

    /// Creates a passage.
    public init(chapter: Int, chunk: Int, score: Double, text: String) {
        self.chapter = chapter
        self.chunk = chunk
        self.score = score
        self.text = text
    }
}

/// Finds passages of a book's earlier chapters relevant to a query.
public protocol PassageRetriever: Sendable {
    /// The best passages for `query`, best first, leaving out `excludedChapters`.
    func passages(for query: String, excluding excludedChapters: Set<Int>, limit: Int) async throws -> [RetrievedPassage]
}

/// Gives the summary of a finished chapter, generating it once and caching it.
public protocol ChapterSummaries: Sendable {
    /// The summary of chapter `number`, whose full text is `text`.
    func summary(ofChapter number: Int, text: String) async throws -> String
}
