/// One piece of a chapter's context: what it is, why it is there, and what it costs.
public struct ContextSection: Sendable, Equatable, Codable {
    /// What a section holds.
    public enum Kind: String, Sendable, Codable {
        /// The book's title.
        case title
        /// The book's summary, from the outline.
        case summary
        /// The author's instructions.
        case instructions
        /// The outline entry of the chapter being written.
        case outline
        /// A previous chapter's text (whole, or its ending when it does not fit whole).
        case chapter
        /// The summary of one earlier chapter.
        case chapterSummary = "chapter-summary"
        /// The oldest chapters' summaries merged into one, when each alone does not fit.
        case rollingSummary = "rolling-summary"
        /// A passage found by retrieval.
        case retrieved
    }

    /// Why the section is there.
    public var priority: ContextPriority
    /// What it holds.
    public var kind: Kind
    /// The chapter it comes from, if any.
    public var chapter: Int?
    /// Its cost in tokens, heading included, under the tier's counter.
    public var tokens: Int
    /// Its text (without the heading).
    public var text: String
    /// Whether the text was shortened (at a sentence boundary) to fit.
    public var truncated: Bool

    /// Creates a section.
    public init(priority: ContextPriority, kind: Kind, chapter: Int? = nil, tokens: Int, text: String,
                truncated: Bool = false) {
        self.priority = priority
        self.kind = kind
        self.chapter = chapter
        self.tokens = tokens
        self.text = text
        self.truncated = truncated
    }

    /// The label that introduces the section in a prompt.
    public var heading: String {
        switch kind {
        case .title: "Book title"
        case .summary: "Book summary"
        case .instructions: "Author's instructions"
        case .outline: "This chapter's plan (chapter \(chapter ?? 0))"
        case .chapter: truncated ? "The end of chapter \(chapter ?? 0)" : "Chapter \(chapter ?? 0), in full"
        case .chapterSummary: "Summary of chapter \(chapter ?? 0)"
        case .rollingSummary: "The story so far (chapters 1 to \(chapter ?? 0), condensed)"
        case .retrieved: "Passage from chapter \(chapter ?? 0)"
        }
    }

    /// The section as it appears in a prompt: heading, text, blank line.
    public var rendered: String { Self.render(heading: heading, text: text) }

    /// A block of prompt text. Ends with a blank line so that, for cl100k, the tokens of
    /// consecutive blocks add up exactly.
    static func render(heading: String, text: String) -> String {
        "\(heading):\n\(text)\n\n"
    }
}
