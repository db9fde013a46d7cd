import Foundation
import Testing
import FolioCache
import FolioCore
import FolioProviders
@testable import FolioBooks
import FolioTesting

/// Collects pipeline events from any thread.
final class EventLog: Sendable {
    private let events = Mutex<[BookEvent]>([])
    func append(_ event: BookEvent) { events.withLock { $0.append(event) } }
    var text: String {
        events.withLock { $0.compactMap { if case .text(let text) = $0 { text } else { nil } }.joined() }
    }
    var all: [BookEvent] { events.withLock { $0 } }
}

import Synchronization

@Suite struct BookPipelineTests {
    static let outline = #"{"summary":"A keeper finds a letter.","chapters":[{"title":"The Storm","summary":"A storm hits the tower."},{"title":"The Bottle","summary":"Mara finds a green bottle."}]}"#
    let request = BookRequest(title: "The Keeper", instructions: "A short tale.", language: "English",
                              chapters: 2, wordsPerChapter: 4)

    @Test func writesOutlineAndChaptersAndStreamsExactlyTheSavedText() async throws {
        try await withTemporaryDirectory { directory in
            let provider = ScriptedProvider(replies: [
                .text([Self.outline], usage: TokenUsage(promptTokens: 10, completionTokens: 20)),
                .text(["\n  The storm", " came.", "\n"], usage: TokenUsage(promptTokens: 30, completionTokens: 5)),
                .text(["The bottle ", "washed up."], usage: TokenUsage(promptTokens: 40, completionTokens: 6)),
            ])
            let store = BookStore(directory: directory.path)
            let log = EventLog()
            let book = try await BookPipeline(store: store, chain: ProviderChain(tiers: [provider]))
                .run(request) { log.append($0) }

            #expect(book.isComplete)
            #expect(book.usage == TokenUsage(promptTokens: 80, completionTokens: 31))
            let first = try #require(store.readChapter(file: "chapters/01-the-storm.md", slug: "the-keeper"))
            let second = try #require(store.readChapter(file: "chapters/02-the-bottle.md", slug: "the-keeper"))
            #expect(first == "# Chapter 1: The Storm\n\nThe storm came.\n")
            #expect(second == "# Chapter 2: The Bottle\n\nThe bottle washed up.\n")
            #expect(log.text == first + second)

            let saved = try #require(try store.load(slug: "the-keeper"))
            #expect(saved.chapters.map(\.status) == [.complete, .complete])
            #expect(saved.chapters[0].provider == "scripted")
            #expect(saved.chapters[0].model == "scripted-model")
            #expect(saved.chapters[0].usage == TokenUsage(promptTokens: 30, completionTokens: 5))
            #expect(saved.chapters[0].words == 3)
            // The outline call asked for schema-constrained JSON; chapter 2's prompt carries chapter 1's end.
            #expect(provider.requests[0].jsonSchema != nil)
            #expect(provider.requests[2].messages.last?.content.contains("The storm came.") == true)
        }
    }

    @Test func malformedOutlineIsRepairedThenGivesUpWithAClearError() async throws {
        try await withTemporaryDirectory { directory in
            let repaired = ScriptedProvider(replies: [
                .text(["not json"]), .text([Self.outline]), .text(["One is here."]), .text(["Two is here."]),
            ])
            let store = BookStore(directory: directory.path)
            _ = try await BookPipeline(store: store, chain: ProviderChain(tiers: [repaired])).run(request) { _ in }
            // The repair asks afresh with the reason, hotter, and without the rejected answer
            // (small models copy it back).
            let repair = repaired.requests[1]
            #expect(repair.messages.count == repaired.requests[0].messages.count)
            #expect(repair.messages.last?.content.contains("the answer contains no JSON object") == true)
            #expect(!repair.messages.contains { $0.content.contains("not json") })
            #expect((repair.temperature ?? 0) > (repaired.requests[0].temperature ?? 0))

            let hopeless = ScriptedProvider(replies: [.text(["no"]), .text(["no"]), .text(["no"])])
            let other = BookRequest(title: "Other", instructions: "x", language: "English", chapters: 2, wordsPerChapter: 50)
            await #expect(throws: FolioError.self) {
                _ = try await BookPipeline(store: store, chain: ProviderChain(tiers: [hopeless])).run(other) { _ in }
            }
            #expect(hopeless.requests.count == 3)  // first try + 2 repairs
            #expect(!FileManager.default.fileExists(atPath: store.folder(for: "other").path))  // nothing written
        }
    }

    @Test func aMendedBookSummaryThatIsItselfFaultyReplacesNothing() async throws {
        try await withTemporaryDirectory { directory in
            let looping = "The keeper finds a letter in a letter in a letter."
            let provider = ScriptedProvider(replies: [
                .text([Self.outline.replacingOccurrences(of: "A keeper finds a letter.", with: looping)]),
                .text([#"{"summary":"A book titled"}"#]), .text([#"{"summary":"The Keeper"}"#]),
                .text([#"{"summary":"A book titled"}"#]),
                .text(["The storm came."]), .text(["The bottle washed up."]),
            ])
            let log = EventLog()
            let book = try await BookPipeline(store: BookStore(directory: directory.path),
                                              chain: ProviderChain(tiers: [provider])).run(request) { log.append($0) }
            #expect(provider.requests.count == 6)
            #expect(book.summary == looping)
            #expect(log.all.contains { if case .notice(let line) = $0 { line.contains("book summary repeats itself") } else { false } })
        }
    }

    @Test func aRerunReplaysEveryOutlineAttemptFromTheCache() async throws {
        try await withTemporaryDirectory { directory in
            let cache = MemoryCache()
            let provider = ScriptedProvider(replies: [.text(["not json"]), .text(["still not"]), .text(["no"])])
            let streamer = CachingStreamer(chain: ProviderChain(tiers: [provider]), cache: cache)
            let store = BookStore(directory: directory.path)
            await #expect(throws: FolioError.self) {
                _ = try await BookPipeline(store: store, chain: streamer).run(request) { _ in }
            }
            // Each repair is its own request (hotter, reseeded): the same run again replays the
            // same three answers from the cache and reaches the same verdict without a model call.
            #expect(try await cache.stats().entries == 3)
            await #expect(throws: FolioError.self) {
                _ = try await BookPipeline(store: store, chain: streamer).run(request) { _ in }
            }
            #expect(provider.requests.count == 3)
        }
    }

    @Test func lengthStopIsContinuedSeamlessly() async throws {
        try await withTemporaryDirectory { directory in
            let provider = ScriptedProvider(replies: [
                .text([Self.outline]),
                .text(["The storm was"], finish: .length),
                .text([" loud and long."]),
                .text(["Short one here."]),
            ])
            let store = BookStore(directory: directory.path)
            let book = try await BookPipeline(store: store, chain: ProviderChain(tiers: [provider])).run(request) { _ in }
            #expect(store.readChapter(file: book.chapters[0].file, slug: book.slug)
                    == "# Chapter 1: The Storm\n\nThe storm was loud and long.\n")
            #expect(book.chapters[0].continuations == 1)
            let continuation = provider.requests[2].messages
            #expect(continuation.dropLast().last == ChatMessage(.assistant, "The storm was"))
        }
    }

    @Test func resumeSkipsFinishedChaptersAndNeverRewritesThem() async throws {
        try await withTemporaryDirectory { directory in
            let store = BookStore(directory: directory.path)
            // First run: chapter 1 completes, chapter 2 is cut off by cancellation.
            let first = ScriptedProvider(replies: [.text([Self.outline]), .text(["Chapter one text."]),
                                                   .hang(after: ["Half of two"])])
            let task = Task {
                try await BookPipeline(store: store, chain: ProviderChain(tiers: [first])).run(request) { _ in }
            }
            while first.requests.count < 3 { try await Task.sleep(for: .milliseconds(5)) }
            try await Task.sleep(for: .milliseconds(50))
            task.cancel()
            await #expect(throws: CancellationError.self) { _ = try await task.value }

            let interrupted = try #require(try store.load(slug: "the-keeper"))
            #expect(interrupted.chapters.map(\.status) == [.complete, .pending])
            let chapterOne = store.folder(for: "the-keeper").appendingPathComponent(interrupted.chapters[0].file)
            let before = try FileManager.default.attributesOfItem(atPath: chapterOne.path)
            let chapterFiles = try FileManager.default.contentsOfDirectory(
                atPath: store.folder(for: "the-keeper").appendingPathComponent("chapters").path)
            #expect(chapterFiles == ["01-the-storm.md"])  // no half chapter, no temp file

            // Second run: only chapter 2 is requested; chapter 1's file is untouched.
            let second = ScriptedProvider(replies: [.text(["Chapter two text."])])
            let book = try await BookPipeline(store: store, chain: ProviderChain(tiers: [second])).run(request) { _ in }
            #expect(book.isComplete)
            #expect(second.requests.count == 1)
            let after = try FileManager.default.attributesOfItem(atPath: chapterOne.path)
            #expect(before[.modificationDate] as? Date == after[.modificationDate] as? Date)
            #expect(before[.systemFileNumber] as? Int == after[.systemFileNumber] as? Int)
            #expect(try String(contentsOf: chapterOne, encoding: .utf8) == "# Chapter 1: The Storm\n\nChapter one text.\n")
        }
    }

    @Test func chapterFileSavedBeforeManifestUpdateIsAdoptedOnResume() async throws {
        try await withTemporaryDirectory { directory in
            let store = BookStore(directory: directory.path)
            let book = Book(title: "The Keeper", slug: "the-keeper", instructions: "x", language: "English",
                            wordsPerChapter: 4, summary: "s",
                            outline: [OutlineEntry(number: 1, title: "One", summary: "a"),
                                      OutlineEntry(number: 2, title: "Two", summary: "b")],
                            createdAt: BookStore.timestamp())
            try store.save(book)
            try store.writeChapter("# Chapter 1: One\n\nKept.\n", file: book.chapters[0].file, slug: book.slug)
            let provider = ScriptedProvider(replies: [.text(["Second chapter text."])])
            let log = EventLog()
            let finished = try await BookPipeline(store: store, chain: ProviderChain(tiers: [provider]))
                .run(request) { log.append($0) }
            #expect(finished.isComplete)
            #expect(provider.requests.count == 1)
            #expect(store.readChapter(file: book.chapters[0].file, slug: book.slug) == "# Chapter 1: One\n\nKept.\n")
        }
    }

    @Test func tailOfPreviousChapterStartsAtASentence() {
        #expect(BookPipeline.chapterTokenLimit(words: 100) == 204)
    }
}
