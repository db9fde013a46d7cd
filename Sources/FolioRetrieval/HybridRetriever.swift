import FolioCore
/// Finds the passages of earlier chapters that a new chapter needs.
///
/// The query (the chapter's outline entry, plus any extra query) is embedded
/// and searched in the book's vector index; passages below
/// `minimumScore` are dropped (MiniLM scores clearly relevant passages only
/// 0.3–0.5, so the threshold is low), chapters in the sliding window are left
/// out, overlapping chunks are deduplicated, and the result is ordered by
/// chapter for readability. In `full` mode, BM25 candidates join the vector
/// candidates and both rankings are fused by reciprocal rank.
public struct HybridRetriever: PassageRetriever {
    /// Tuning.
    public struct Options: Sendable, Equatable {
        /// The retrieval mode; `disabled` and `basic` retrieve nothing.
        public var mode: RetrievalMode
        /// Cosine similarity a passage needs to enter the context.
        public var minimumScore: Double
        /// Candidates taken from each ranking before fusion, per passage wanted.
        public var candidatesPerPassage: Int
        /// The constant of reciprocal rank fusion.
        public var fusionConstant: Double

        /// Creates options.
        public init(mode: RetrievalMode = .hybrid, minimumScore: Double = 0.25,
                    candidatesPerPassage: Int = 3, fusionConstant: Double = 60) {
            self.mode = mode
            self.minimumScore = minimumScore
            self.candidatesPerPassage = candidatesPerPassage
            self.fusionConstant = fusionConstant
        }
    }

    /// The book's store.
    public let store: RetrievalStore
    /// Tuning.
    public let options: Options

    /// Creates a retriever over `store`.
    public init(store: RetrievalStore, options: Options = Options()) {
        self.store = store
        self.options = options
    }

    public func passages(for query: String, excluding excludedChapters: Set<Int>, limit: Int) async throws -> [RetrievedPassage] {
        guard options.mode.retrievesPassages, limit > 0,
              !query.trimmingWhitespace().isEmpty else { return [] }
        var chosen: [RetrievedPassage]
        if options.mode == .full {
            let pool = limit * max(1, options.candidatesPerPassage)
            let dense = try await store.search(query, limit: pool, excluding: excludedChapters)
                .filter { $0.score >= options.minimumScore }
            let lexical = try await store.lexicalSearch(query, limit: pool, excluding: excludedChapters)
            chosen = fuse(dense: dense, lexical: lexical)
        } else {
            chosen = try await store.search(query, limit: limit * 2, excluding: excludedChapters)
                .filter { $0.score >= options.minimumScore }
        }
        var kept: [RetrievedPassage] = []
        for passage in chosen where !kept.contains(where: { Self.overlaps($0, passage) }) {
            kept.append(passage)
            if kept.count == limit { break }
        }
        return kept.sorted { ($0.chapter, $0.chunk) < ($1.chapter, $1.chunk) }
    }

    /// Reciprocal rank fusion: each passage scores Σ 1/(c + rank) over the rankings it is in.
    /// A lexical-only passage must rank in the top half of BM25 to count.
    func fuse(dense: [RetrievedPassage], lexical: [RetrievedPassage]) -> [RetrievedPassage] {
        struct Key: Hashable { var chapter: Int; var chunk: Int }
        var fused: [Key: Double] = [:]
        var passages: [Key: RetrievedPassage] = [:]
        for (rank, passage) in dense.enumerated() {
            let key = Key(chapter: passage.chapter, chunk: passage.chunk)
            fused[key, default: 0] += 1 / (options.fusionConstant + Double(rank + 1))
            passages[key] = passage
        }
        for (rank, passage) in lexical.enumerated() {
            let key = Key(chapter: passage.chapter, chunk: passage.chunk)
            if passages[key] == nil {
                guard rank < max(1, lexical.count / 2) else { continue }
                passages[key] = passage
            }
            fused[key, default: 0] += 1 / (options.fusionConstant + Double(rank + 1))
        }
        return fused.sorted { $0.value > $1.value }.compactMap { key, score in
            passages[key].map { RetrievedPassage(chapter: $0.chapter, chunk: $0.chunk, score: $0.score, text: $0.text) }
        }
    }

    /// The same text met twice (a passage repeated in the book, or in both rankings) is kept once.
    static func overlaps(_ a: RetrievedPassage, _ b: RetrievedPassage) -> Bool {
        a.text == b.text || (a.chapter == b.chapter && a.chunk == b.chunk)
    }
}
