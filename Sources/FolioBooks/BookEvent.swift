import FolioProviders

/// Progress of a book generation, for the terminal or a job log.
public enum BookEvent: Sendable {
    /// The outline is being planned.
    case planningOutline
    /// The outline was rejected and is being repaired.
    case repairingOutline(attempt: Int, reason: String)
    /// The book's manifest exists (new or resumed); `nextChapter` is the first to write.
    case ready(Book, resumed: Bool, nextChapter: Int?)
    /// A provider tier is answering.
    case provider(name: String, model: String)
    /// A provider tier failed and the next one takes over.
    case providerFailed(name: String, reason: String)
    /// A chapter starts.
    case chapterStarted(number: Int, of: Int, title: String)
    /// Text of the chapter file being written, in order; the pieces concatenate to the file.
    case text(String)
    /// The chapter is being continued: it stopped at its token limit, or (`endedAt` its word
    /// count) the model ended it far short of its target.
    case continuing(number: Int, continuation: Int, endedAt: Int? = nil)
    /// A chapter is saved.
    case chapterSaved(ChapterRecord, of: Int)
    /// A note for the user (kept outline, adopted file, …).
    case notice(String)
}
