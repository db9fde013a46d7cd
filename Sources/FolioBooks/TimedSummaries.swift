import FolioCore
import FolioRetrieval
import Foundation
import Synchronization

/// Chapter summaries that add up the time spent getting them, for the book's time split.
final class TimedSummaries: ChapterSummaries {
    private let base: any ChapterSummaries
    private let seconds = Mutex(0.0)

    init(_ base: any ChapterSummaries) {
        self.base = base
    }

    /// Seconds spent so far; reading resets the count.
    func takeSeconds() -> Double {
        seconds.withLock { value in defer { value = 0 }; return value }
    }

    func summary(ofChapter number: Int, text: String) async throws -> String {
        let started = ContinuousClock.now
        defer { seconds.withLock { $0 += (ContinuousClock.now - started).seconds } }
        return try await base.summary(ofChapter: number, text: text)
    }
}
