import FolioCore
import FolioProviders
import Foundation

extension BookPipeline {
    /// Stops before a chapter that would likely take the book past its token budget.
    ///
    /// The next chapter is projected to cost as much as the largest finished one, or —
    /// before any is finished — its token limit plus a full prompt (the context window,
    /// at most 8192 tokens). Finished chapters stay saved; raising `BOOK_TOKEN_BUDGET`
    /// and running again continues the book.
    func checkBudget(before number: Int, of book: Book) throws {
        guard options.tokenBudget > 0 else { return }
        let used = book.usage.totalTokens
        let largest = book.chapters.compactMap { $0.usage?.totalTokens }.max()
        let next = largest ?? Self.chapterTokenLimit(words: book.wordsPerChapter) + min(options.contextWindow, 8192)
        guard used + next > options.tokenBudget else { return }
        let cost = book.usage.costUSD.map { String(format: " ($%.4f)", $0) } ?? ""
        throw FolioError.runtime(
            "token budget reached: \(used) of \(options.tokenBudget) tokens used\(cost), and chapter \(number) "
                + "would need about \(next) more; finished chapters are saved — raise BOOK_TOKEN_BUDGET and "
                + "run the same command with --resume to continue")
    }
}
