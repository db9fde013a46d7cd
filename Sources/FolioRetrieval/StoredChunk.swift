/// A chunk as kept in `meta.sqlite`.
public struct StoredChunk: Sendable, Equatable {
    /// The chunk id, also its id in the vector index.
    public var id: Int64
    /// Chapter number (1-based).
    public var chapter: Int
    /// Index within the chapter.
    public var position: Int
    /// Character offsets in the chapter file.
    public var start: Int
    /// End offset (exclusive).
    public var end: Int
    /// The text.
    public var text: String
    /// `ContentHash` of the text.
    public var hash: String
}
