import FolioCore
import FolioProviders

/// Chapter summaries written by the model, cached in the book's `meta.sqlite`
/// and reused until the chapter's text changes.
public struct SummaryStore: ChapterSummaries {
    /// The book's store, holding the cache.
    public let store: RetrievalStore
    /// Streams the summarising requests.
    public let chat: any ChatStreamer
    /// The book's slug, for the request purpose `summary:<slug>:<n>`.
    public let slug: String
    /// Model override (each tier's default when `nil`).
    public var model: String?
    /// Longest summary, in tokens.
    public var maxTokens: Int
    /// Base sampler seed (`BOOK_SEED`); chapter `n` is summarised with `seed + n`. Random when `nil`.
    public var seed: Int?

    /// Creates a summary store.
    public init(store: RetrievalStore, chat: any ChatStreamer, slug: String, model: String? = nil, maxTokens: Int = 160,
                seed: Int? = nil) {
        self.seed = seed
        self.store = store
        self.chat = chat
        self.slug = slug
        self.model = model
        self.maxTokens = maxTokens
    }

    public func summary(ofChapter number: Int, text: String) async throws -> String {
        // The chapter file and its body without the heading summarise (and cache) alike.
        let text = Self.body(of: text)
        let hash = ContentHash.of(text)
        if let cached = try await store.cachedSummary(chapter: number, hash: hash) {
            return cached
        }
        let request = ChatRequest(
            messages: [
                ChatMessage(.system, "You summarise book chapters for the author's notes. Keep names, places, objects, "
                    + "promises and facts later chapters may need. Plain prose, no preamble."),
                ChatMessage(.user, "Summarise this chapter in at most 120 words.\n\n" + text),
            ],
            model: model, maxTokens: maxTokens, temperature: 0.2,
            purpose: "summary:\(slug):\(number)", seed: seed.map { $0 &+ number })
        var answer = ""
        var provider = ""
        var finished = false
        for try await event in chat.stream(request) {
            switch event {
            case .attempt(let name, let model): provider = "\(name)/\(model)"
            case .text(let piece): answer += piece
            case .finish: finished = true
            default: break
            }
        }
        // A cancelled consumer sees the stream simply end: never keep a cut-off summary.
        try Task.checkCancellation()
        guard finished else {
            throw FolioError.runtime("the summary of chapter \(number) ended before the model finished")
        }
        let summary = answer.trimmingWhitespace()
        guard !summary.isEmpty else {
            throw FolioError.runtime("the model returned an empty summary of chapter \(number)")
        }
        try await store.saveSummary(chapter: number, hash: hash, summary: summary, model: provider)
        return summary
    }

    /// A chapter's text without a leading `# Chapter N: Title` heading, trimmed.
    static func body(of text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        if let first = lines.first, first.hasPrefix("# ") { lines = lines.dropFirst() }
        return lines.joined(separator: "\n").trimmingWhitespace()
    }
}
