import FolioRetrieval

/// Everything a chapter's context may be made of, gathered before assembly.
public struct ContextMaterials: Sendable, Equatable {
    /// A finished earlier chapter.
    public struct Chapter: Sendable, Equatable {
        /// 1-based number.
        public var number: Int
        /// Its body text (without the heading line).
        public var text: String
        /// Its summary, when one is known (from the summary store, or the outline entry).
        public var summary: String?

        /// Creates a chapter.
        public init(number: Int, text: String, summary: String?) {
            self.number = number
            self.text = text
            self.summary = summary
        }
    }

    /// The book's title.
    public var title: String
    /// The book's summary.
    public var bookSummary: String
    /// The author's instructions.
    public var instructions: String
    /// The chapter to be written.
    public var chapter: Int
    /// Its outline entry: title and what happens.
    public var outlineEntry: String
    /// The finished chapters before it, in order.
    public var previousChapters: [Chapter]
    /// Passages found for it, best first.
    public var passages: [RetrievedPassage]

    /// Creates materials.
    public init(title: String, bookSummary: String, instructions: String, chapter: Int, outlineEntry: String,
                previousChapters: [Chapter], passages: [RetrievedPassage] = []) {
        self.title = title
        self.bookSummary = bookSummary
        self.instructions = instructions
        self.chapter = chapter
        self.outlineEntry = outlineEntry
        self.previousChapters = previousChapters
        self.passages = passages
    }
}
