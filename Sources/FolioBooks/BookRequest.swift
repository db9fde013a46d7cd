import FolioCore

/// What the author asks for.
public struct BookRequest: Sendable, Equatable {
    /// The book's title.
    public var title: String
    /// The author's instructions (genre, audience, tone, plot).
    public var instructions: String
    /// Language to write in.
    public var language: String
    /// Number of chapters to plan.
    public var chapters: Int
    /// Target words per chapter.
    public var wordsPerChapter: Int
    /// The book's folder name under the books folder: the title's slug unless chosen.
    public var slug: String
    /// What sort of book it is (`BOOK_KIND`); `nil` reads it from the title and instructions.
    public var kind: BookKind?

    /// Creates a request; `slug` chooses the folder (`--slug`), else it is derived from the title.
    public init(title: String, instructions: String, language: String, chapters: Int, wordsPerChapter: Int,
                slug: String? = nil) {
        self.title = title
        self.slug = slug ?? Slug.make(title)
        self.instructions = instructions
        self.language = language
        self.chapters = chapters
        self.wordsPerChapter = wordsPerChapter
    }
}
