
/// How much retrieval feeds a chapter's context.
public enum RetrievalMode: String, Sendable, CaseIterable, Codable {
    /// The sliding window only: no summaries, no passages.
    case disabled
    /// Chapter summaries only.
    case basic
    /// Summaries and vector-retrieved passages (the default).
    case hybrid
    /// Hybrid, with the passages re-ranked by BM25 and fused by reciprocal rank.
    case full

    /// Whether chapter summaries are used.
    public var usesSummaries: Bool { self != .disabled }
    /// Whether passages are retrieved.
    public var retrievesPassages: Bool { self == .hybrid || self == .full }

    /// Parses a mode name, or fails with a one-line bad-input error.
    public static func parse(_ name: String) throws -> RetrievalMode {
        guard let mode = RetrievalMode(rawValue: name.lowercased()) else {
            throw FolioError.badInput("unknown RAG mode \(name); use disabled, basic, hybrid or full")
        }
        return mode
    }
}
