import Foundation
import Synchronization
import Testing
import FolioProviders
@testable import FolioBooks
import FolioTesting

/// The pipeline's chapter reviewer hook: what it sees, what it changes, what a failing one costs.
@Suite struct ChapterReviewerTests {
    let request = BookRequest(title: "The Keeper", instructions: "A short tale.", language: "English",
                              chapters: 2, wordsPerChapter: 4)

    /// Replaces "storm" with "gale", records each draft, and keeps a record.
    final class RecordingReviewer: ChapterReviewer {
        let drafts = Mutex<[ChapterDraft]>([])
        let fails: Bool
        init(fails: Bool = false) { self.fails = fails }

        func review(_ draft: ChapterDraft) async throws -> ChapterReview {
            drafts.withLock { $0.append(draft) }
            if fails { throw CocoaError(.fileReadUnknown) }
            let text = draft.text.replacingOccurrences(of: "storm", with: "gale")
            let safety = ChapterSafety(
                mode: "rewrite", checkedAgainst: draft.earlierChapters.isEmpty ? [] : ["earlier-chapters"],
                isSafe: true, confidence: 0.9, claims: 1, unsupported: 0, contradicted: text == draft.text ? 0 : 1,
                flagged: [], policy: [],
                changes: text == draft.text ? [] : [.init(kind: "rewritten", original: draft.text, replacement: text)],
                seconds: 0.01)
            return ChapterReview(text: text, safety: safety, notices: ["reviewed chapter \(draft.number)"])
        }
    }

    func replies() -> ScriptedProvider {
        ScriptedProvider(replies: [
            .text([BookPipelineTests.outline]),
            .text(["The storm came."]),
            .text(["The bottle washed up."]),
        ])
    }

    @Test func theReviewedTextIsSavedWithItsRecordAndEachChapterSeesTheEarlierOnes() async throws {
        try await withTemporaryDirectory { directory in
            let store = BookStore(directory: directory.path)
            let reviewer = RecordingReviewer()
            var options = BookPipeline.Options()
            options.chapterReviewer = reviewer
            let log = EventLog()
            _ = try await BookPipeline(store: store, chain: ProviderChain(tiers: [replies()]), options: options)
                .run(request) { log.append($0) }

            let first = try #require(store.readChapter(file: "chapters/01-the-storm.md", slug: "the-keeper"))
            #expect(first == "# Chapter 1: The Storm\n\nThe gale came.\n")
            let drafts = reviewer.drafts.withLock { $0 }
            #expect(drafts.map(\.number) == [1, 2])
            #expect(drafts[0].text == "The storm came.")
            #expect(drafts[0].earlierChapters.isEmpty)
            #expect(drafts[1].earlierChapters.map(\.text) == [first])
            let saved = try #require(try store.load(slug: "the-keeper"))
            #expect(saved.chapters[0].safety?.contradicted == 1)
            #expect(saved.chapters[0].safety?.changes.first?.replacement == "The gale came.")
            #expect(saved.chapters[1].safety?.checkedAgainst == ["earlier-chapters"])
            #expect(saved.chapters[0].words == 3)
            let notices = log.all.compactMap { if case .notice(let text) = $0 { text } else { nil } }
            #expect(notices.contains("reviewed chapter 1"))
            // The record is in book.json under snake_case keys.
            let json = try String(contentsOf: store.folder(for: "the-keeper").appendingPathComponent("book.json"), encoding: .utf8)
            #expect(json.contains("\"checked_against\""))
            #expect(json.contains("\"is_safe\""))
        }
    }

    @Test func aFailingReviewerCostsNoChapter() async throws {
        try await withTemporaryDirectory { directory in
            let store = BookStore(directory: directory.path)
            var options = BookPipeline.Options()
            options.chapterReviewer = RecordingReviewer(fails: true)
            let log = EventLog()
            let book = try await BookPipeline(store: store, chain: ProviderChain(tiers: [replies()]), options: options)
                .run(request) { log.append($0) }
            #expect(book.isComplete)
            #expect(book.chapters.allSatisfy { $0.safety == nil })
            #expect(store.readChapter(file: "chapters/01-the-storm.md", slug: "the-keeper") == "# Chapter 1: The Storm\n\nThe storm came.\n")
            let notices = log.all.compactMap { if case .notice(let text) = $0 { text } else { nil } }
            #expect(notices.contains { $0.contains("saved unchecked") })
        }
    }
}
