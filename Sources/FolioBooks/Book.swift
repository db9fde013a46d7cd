import FolioCore
import FolioProviders
import Foundation

/// A book's manifest, saved as `book.json` in the book's folder.
public struct Book: Sendable, Equatable, Codable {
    /// Version of this file's layout.
    public var schemaVersion: Int = 1
    /// The title as the user gave it.
    public var title: String
    /// The folder name derived from the title.
    public var slug: String
    /// The author's instructions.
    public var instructions: String
    /// Language the book is written in.
    public var language: String
    /// Target words per chapter.
    public var wordsPerChapter: Int
    /// What sort of book it is, as planned; `nil` in a manifest written before it was recorded,
    /// which is read from the title and instructions (``writtenAs``).
    public var kind: BookKind?
    /// A short summary of the whole book, from the outline.
    public var summary: String
    /// The table of contents.
    public var outline: [OutlineEntry]
    /// Per-chapter status, one per outline entry.
    public var chapters: [ChapterRecord]
    /// Provider and model that planned the outline.
    public var outlineProvider: String?
    /// Tokens spent on every call for this book.
    public var usage: TokenUsage = .zero
    /// Where the book's wall time went (outline, writing, summaries, indexing, guards).
    public var timings: BookTimings?
    /// When the book was started (ISO 8601).
    public var createdAt: String
    /// When `book.json` was last written (ISO 8601).
    public var updatedAt: String

    /// Creates a manifest with every chapter pending.
    public init(title: String, slug: String, instructions: String, language: String, wordsPerChapter: Int,
                summary: String, outline: [OutlineEntry], createdAt: String) {
        self.title = title
        self.slug = slug
        self.instructions = instructions
        self.language = language
        self.wordsPerChapter = wordsPerChapter
        self.summary = summary
        self.outline = outline
        self.chapters = outline.map {
            ChapterRecord(number: $0.number, title: $0.title, file: Self.chapterFile(number: $0.number, title: $0.title))
        }
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// `chapters/NN-<slug>.md` for a chapter.
    public static func chapterFile(number: Int, title: String) -> String {
        let digits = number < 100 ? String(format: "%02d", number) : String(number)
        return "chapters/\(digits)-\(slugOf(title)).md"
    }

    /// The first chapter not yet complete, if any.
    public var nextPendingChapter: Int? {
        chapters.first { $0.status != .complete }?.number
    }

    /// Whether every chapter is written.
    public var isComplete: Bool { nextPendingChapter == nil }
}

private func slugOf(_ title: String) -> String {
    String(Slug.make(title).prefix(60)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
}
