import Foundation
/// A passage of a repository source chosen as evidence for a post, traced to its lines.
public struct EvidencePassage: Sendable, Equatable, Codable {
    /// The kind of source.
    public var kind: SourceKind
    /// The file (or `git log`, `git tag`).
    public var file: String
    /// First line, 1-based.
    public var firstLine: Int
    /// Last line.
    public var lastLine: Int
    /// The passage.
    public var text: String
    /// Cosine similarity to the best-matching query.
    public var similarity: Double
    /// Similarity times the kind's weight: what ranks the passage.
    public var score: Double

    /// Creates a passage.
    public init(kind: SourceKind, file: String, firstLine: Int, lastLine: Int, text: String, similarity: Double,
                score: Double) {
        self.kind = kind
        self.file = file
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.text = text
        self.similarity = similarity
        self.score = score
    }

    /// `README.md:12-18`.
    public var location: String { firstLine == lastLine ? "\(file):\(firstLine)" : "\(file):\(firstLine)-\(lastLine)" }
}
