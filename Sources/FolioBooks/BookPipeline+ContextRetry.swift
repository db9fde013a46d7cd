import FolioContext
import FolioCore
import FolioProviders
import Synchronization

extension BookPipeline {
    /// Writes a chapter; when every tier says the prompt is too long for it, rebuilds the
    /// context with half the tokens — the assembler drops the lowest-priority material first —
    /// and tries once more.
    ///
    /// The retry happens only if no text of the chapter was shown yet, so the streamed text
    /// stays exactly the saved text.
    func writeTrimmingOnce(
        _ writer: ChapterWriter, _ request: ChatRequest, context: ContextAllocation, number: Int, of book: Book,
        onEvent: @escaping @Sendable (BookEvent) -> Void
    ) async throws -> ChapterWriter.Result {
        let shown = Mutex(false)
        let watched: @Sendable (BookEvent) -> Void = { event in
            if case .text = event { shown.withLock { $0 = true } }
            onEvent(event)
        }
        do {
            return try await writer.write(request, number: number, targetWords: book.wordsPerChapter, onEvent: watched)
        } catch let error as ContextTooLongError where !shown.withLock({ $0 }) {
            let smaller = max(context.totalTokens / 2, 1)
            onEvent(.notice("the prompt for chapter \(number) was too long (\(error.failures.first ?? "")); "
                + "retrying once with the context cut to \(smaller) tokens"))
            let (trimmed, _) = try await contextBuilder.build(chapter: number, of: book, store: store, maxTokens: smaller)
            var retry = request
            retry.messages = BookPrompts.chapter(book: book, number: number, context: trimmed)
            return try await writer.write(retry, number: number, targetWords: book.wordsPerChapter, onEvent: onEvent)
        }
    }
}
