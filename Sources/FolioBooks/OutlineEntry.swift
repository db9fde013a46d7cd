/// One chapter of a book's table of contents.
public struct OutlineEntry: Sendable, Equatable, Codable {
    /// 1-based chapter number.
    public var number: Int
    /// The chapter's title.
    public var title: String
    /// What happens in the chapter, in a sentence or two.
    public var summary: String

    /// Creates an outline entry.
    public init(number: Int, title: String, summary: String) {
        self.number = number
        self.title = title
        self.summary = summary
    }
}
