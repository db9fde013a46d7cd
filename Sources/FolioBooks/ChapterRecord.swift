import FolioProviders

/// A chapter's state in `book.json`: whether it is written, by whom, at what cost.
public struct ChapterRecord: Sendable, Equatable, Codable {
    /// Where a chapter stands.
    public enum Status: String, Sendable, Codable {
        /// Not written yet (or interrupted before it was complete).
        case pending
        /// Written and saved; never rewritten unless asked.
        case complete
    }

    /// 1-based chapter number.
    public var number: Int
    /// The chapter's title.
    public var title: String
    /// Path of the chapter file, relative to the book folder.
    public var file: String
    /// Pending or complete.
    public var status: Status
    /// Provider tier that wrote the chapter.
    public var provider: String?
    /// Model that wrote the chapter.
    public var model: String?
    /// Tokens spent on the chapter, over all calls.
    public var usage: TokenUsage?
    /// Words in the saved chapter.
    public var words: Int?
    /// Continuations asked for after the model stopped for length.
    public var continuations: Int?
    /// Why the last call ended (`stop`, `length`, …).
    public var finishReason: String?
    /// Seconds spent writing the chapter.
    public var durationSeconds: Double?
    /// When the chapter was saved (ISO 8601).
    public var completedAt: String?
    /// How the chapter measures against the quality bars, and what its guards did.
    public var quality: ChapterQuality?
    /// The chapter's safety check, when a reviewer ran (`folio generate --safety`).
    public var safety: ChapterSafety?

    /// A pending chapter.
    public init(number: Int, title: String, file: String) {
        self.number = number
        self.title = title
        self.file = file
        self.status = .pending
    }
}
