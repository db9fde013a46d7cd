/// Keeps a book's retrieval store current with the saved chapters a search may return.
public protocol ChapterIndexer: Sendable {
    /// Brings the saved chapters `numbers` (the book's `chapters/` files) into the store: new and
    /// changed ones are (re)indexed, deleted chapters dropped.
    func index(chapters numbers: Set<Int>) async throws
}
