/// Told about every chapter once it is saved, to keep a book's retrieval store current.
public protocol ChapterIndexer: Sendable {
    /// Chapter `number` was saved as `file` (relative to the book folder) with `text`.
    func chapterSaved(number: Int, file: String, text: String) async throws
}
