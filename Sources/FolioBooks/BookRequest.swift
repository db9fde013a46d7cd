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

    /// Creates a request.
    public init(title: String, instructions: String, language: String, chapters: Int, wordsPerChapter: Int) {
        self.title = title
        self.instructions = instructions
        self.language = language
        self.chapters = chapters
        self.wordsPerChapter = wordsPerChapter
    }

    /// The folder name of the book.
    public var slug: String { Slug.make(title) }
}
