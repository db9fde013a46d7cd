/// One sentence of a text, with where it sits.
public struct TextSentence: Sendable, Equatable {
    /// What kind of unit the sentence came from.
    public enum Kind: Sendable, Equatable {
        /// Running prose (a paragraph or a list item).
        case prose
        /// A Markdown heading.
        case heading
        /// A line inside a fenced code block.
        case code
    }

    /// The sentence, with line breaks inside it turned into spaces.
    public var text: String
    /// First line of the text it spans (1-based).
    public var firstLine: Int
    /// Last line it spans (1-based, inclusive).
    public var lastLine: Int
    /// Where it came from.
    public var kind: Kind

    /// Creates a sentence.
    public init(text: String, firstLine: Int, lastLine: Int, kind: Kind = .prose) {
        self.text = text
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.kind = kind
    }
}
