/// A sentence or a short window of consecutive sentences of a source document: the unit that
/// evidence is made of.
public struct SourcePassage: Sendable, Equatable, Codable {
    /// The document's name (its path relative to the sources folder, or as given).
    public var file: String
    /// First line (1-based).
    public var firstLine: Int
    /// Last line (inclusive).
    public var lastLine: Int
    /// The text.
    public var text: String
    /// Index of the first sentence in its document.
    public var firstSentence: Int
    /// Number of sentences it spans.
    public var sentenceCount: Int

    /// Creates a passage.
    public init(file: String, firstLine: Int, lastLine: Int, text: String, firstSentence: Int, sentenceCount: Int) {
        self.file = file
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.text = text
        self.firstSentence = firstSentence
        self.sentenceCount = sentenceCount
    }

    /// Every sentence on its own, then every run of `window` consecutive sentences (for window
    /// sizes 2 up to `window`), so a claim spread over two sentences still meets one passage.
    public static func passages(file: String, sentences: [TextSentence], window: Int = 2) -> [SourcePassage] {
        var passages = sentences.enumerated().map { index, sentence in
            SourcePassage(file: file, firstLine: sentence.firstLine, lastLine: sentence.lastLine, text: sentence.text,
                          firstSentence: index, sentenceCount: 1)
        }
        guard window > 1 else { return passages }
        for size in 2...window where sentences.count >= size {
            for start in 0...(sentences.count - size) {
                let run = sentences[start..<(start + size)]
                // A window joins running prose only: not a heading to its paragraph, nor code.
                guard run.allSatisfy({ $0.kind == .prose }) else { continue }
                passages.append(SourcePassage(
                    file: file, firstLine: run.first!.firstLine, lastLine: run.last!.lastLine,
                    text: run.map(\.text).joined(separator: " "), firstSentence: start, sentenceCount: size))
            }
        }
        return passages
    }
}
