/// A source passage found for a claim, with how close it is.
public struct Evidence: Sendable, Equatable, Codable {
    /// The passage.
    public var passage: SourcePassage
    /// MiniLM cosine similarity between claim and passage.
    public var cosine: Double
    /// BM25 score of the passage for the claim (0 when it shares no term).
    public var bm25: Double
    /// Reciprocal-rank-fusion score that ordered the evidence.
    public var fused: Double

    /// Creates evidence.
    public init(passage: SourcePassage, cosine: Double, bm25: Double, fused: Double) {
        self.passage = passage
        self.cosine = cosine
        self.bm25 = bm25
        self.fused = fused
    }
}
