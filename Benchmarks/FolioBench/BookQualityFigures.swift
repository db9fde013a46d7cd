import FolioBooks
import Foundation

/// The quality figures of a set of written books, as issue-style bars: distinct outlines,
/// copied runs, echo lines, repeated sentences, length, the guards' cost and the time spent
/// outside writing chapters.
struct BookQualityFigures {
    var books = 0
    var distinctOutlines = 0
    var failedBooks = 0
    var chapters = 0
    var chaptersCopyFree = 0
    var longestCopiedRun = 0
    var echoLines = 0
    var repeatedShares: [Double] = []
    var chaptersInRange = 0
    var guardSeconds = 0.0
    var chapterSeconds = 0.0
    var outsideWritingShares: [Double] = []
    var guardActions: [String: Int] = [:]

    /// Adds a finished (or failed) book.
    mutating func add(_ book: Book?) {
        books += 1
        guard let book else {
            failedBooks += 1
            return
        }
        let titles = book.outline.map { $0.title.lowercased().filter { $0.isLetter || $0.isNumber } }
        if Set(titles).count == titles.count, !titles.contains(book.title.lowercased().filter { $0.isLetter || $0.isNumber }) {
            distinctOutlines += 1
        }
        for record in book.chapters {
            guard let quality = record.quality else { continue }
            chapters += 1
            if quality.longestCopiedRun <= ChapterQuality.maximumCopiedRun { chaptersCopyFree += 1 }
            longestCopiedRun = max(longestCopiedRun, quality.longestCopiedRun)
            echoLines += quality.echoLines
            repeatedShares.append(quality.repeatedSentenceShare)
            let ratio = Double(quality.words) / Double(max(quality.targetWords, 1))
            if ChapterQuality.wordRange.contains(ratio) { chaptersInRange += 1 }
            guardSeconds += quality.guardSeconds
            chapterSeconds += record.durationSeconds ?? 0
            for action in quality.guardActions { guardActions[action.kind.rawValue, default: 0] += 1 }
        }
        if let timings = book.timings { outsideWritingShares.append(timings.outsideWritingShare) }
    }

    /// `(name, value, unit)` for each figure.
    var values: [(String, Double, String)] {
        func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) * 100 }
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        return [
            ("outlines with all-distinct titles", share(distinctOutlines, books), "%"),
            ("books that failed", Double(failedBooks), "books"),
            ("chapters with no verbatim run over 12 words", share(chaptersCopyFree, chapters), "%"),
            ("longest verbatim run from context", Double(longestCopiedRun), "words"),
            ("prompt-echo and heading lines", Double(echoLines), "lines"),
            ("repeated-sentence share", mean(repeatedShares) * 100, "%"),
            ("chapters within 60-140% of the word target", share(chaptersInRange, chapters), "%"),
            ("guards' cost per chapter", chapterSeconds > 0 ? guardSeconds / chapterSeconds * 100 : 0, "%"),
            ("book wall time outside writing", mean(outsideWritingShares) * 100, "%"),
        ]
    }
}
