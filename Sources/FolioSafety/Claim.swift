/// A checkable statement taken from the text under check.
public struct Claim: Sendable, Equatable, Codable {
    /// The statement.
    public var text: String
    /// The whole sentence it comes from (equal to `text` unless the sentence was split into clauses).
    public var sentence: String
    /// First line of the sentence in the checked text (1-based).
    public var line: Int

    /// Creates a claim.
    public init(text: String, sentence: String? = nil, line: Int = 1) {
        self.text = text
        self.sentence = sentence ?? text
        self.line = line
    }
}
