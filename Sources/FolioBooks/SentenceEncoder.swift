import FolioRetrieval

/// Turns sentences into unit-length vectors on the calling thread, so a chapter's guard can
/// compare each sentence with earlier chapters before it is shown.
public protocol SentenceEncoder: Sendable {
    /// One unit-length vector per text, in order.
    func vectors(_ texts: [String]) -> [[Float]]
}

extension MiniLMEmbedder: SentenceEncoder {
    /// The native model's vectors, computed here and now.
    public func vectors(_ texts: [String]) -> [[Float]] {
        embedSynchronously(texts)
    }
}
