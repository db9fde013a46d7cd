import Synchronization

/// A ``SentenceEncoder`` that embeds each sentence once per book run: the chapter guard embeds
/// every sentence as it streams, the chapter's quality record, the next chapters' checks and the
/// safety check's claims (a chapter's sentences) read the same sentences again, and each
/// embedding is a pass of the encoder.
public final class RememberingSentenceEncoder: SentenceEncoder {
    /// Sentences remembered at most; past this the memory starts afresh (a book of a few hundred
    /// pages has fewer sentences than this).
    static let capacity = 20_000

    private let encoder: any SentenceEncoder
    private let known = Mutex<[String: [Float]]>([:])

    /// A memory in front of `encoder`.
    public init(_ encoder: any SentenceEncoder) {
        self.encoder = encoder
    }

    /// The vectors of `texts`, each embedded only the first time it is asked for.
    public func vectors(_ texts: [String]) -> [[Float]] {
        let remembered = known.withLock { known in texts.map { known[$0] } }
        let missing = Array(Set(zip(texts, remembered).filter { $0.1 == nil }.map(\.0)))
        // Missing sentences are embedded together, in one call, so the encoder can batch them.
        let fresh = missing.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: zip(missing, encoder.vectors(missing)))
        if !fresh.isEmpty {
            known.withLock { known in
                if known.count + fresh.count > Self.capacity { known.removeAll(keepingCapacity: true) }
                known.merge(fresh) { old, _ in old }
            }
        }
        return zip(texts, remembered).map { text, vector in vector ?? fresh[text] ?? [] }
    }
}
