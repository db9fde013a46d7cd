import Foundation
import Testing
import FolioCore
import FolioProviders
@testable import FolioBooks
import FolioTesting

/// The pipeline's reactions to provider limits: a prompt too long, a token budget.
@Suite struct BookPipelineLimitsTests {
    static let outline = #"{"summary":"A keeper finds a letter.","chapters":[{"title":"The Storm","summary":"A storm hits the tower."},{"title":"The Bottle","summary":"Mara finds a green bottle."}]}"#
    static let longChapter = (1...120).map { "The keeper counted wave number \($0) against the rocks." }.joined(separator: " ")
    let request = BookRequest(title: "The Keeper", instructions: "A short tale.", language: "English",
                              chapters: 2, wordsPerChapter: 50)
    /// The long chapter repeats one pattern on purpose, to overflow the window, and the short
    /// ones are far below the target: the chapter guards would rightly stop both.
    static var unguarded: BookPipeline.Options {
        var options = BookPipeline.Options()
        options.guardsEnabled = false
        return options
    }

    @Test func aPromptTooLongIsTrimmedAndRetriedOnce() async throws {
        try await withTemporaryDirectory { directory in
            let tooLong = ProviderError(provider: "scripted", status: 400,
                                        message: "This model's maximum context length is 4096 tokens")
            let provider = ScriptedProvider(replies: [
                .text([Self.outline]), .text([Self.longChapter]),
                .fail(after: [], error: tooLong), .text(["The bottle washed up."]),
            ])
            let store = BookStore(directory: directory.path)
            let log = EventLog()
            let book = try await BookPipeline(store: store, chain: ProviderChain(tiers: [provider]), options: Self.unguarded)
                .run(request) { log.append($0) }
            #expect(book.isComplete)
            let rejected = provider.requests[2].messages.map(\.content).joined()
            let retried = provider.requests[3].messages.map(\.content).joined()
            #expect(rejected.contains("wave number 120"))
            #expect(retried.count < rejected.count)
            let second = try #require(store.readChapter(file: "chapters/02-the-bottle.md", slug: "the-keeper"))
            #expect(second == "# Chapter 2: The Bottle\n\nThe bottle washed up.\n")
            #expect(log.all.contains { if case .notice(let text) = $0 { text.contains("too long") } else { false } })
        }
    }

    @Test func aPromptStillTooLongAfterTrimmingFailsWithoutSavingTheChapter() async throws {
        try await withTemporaryDirectory { directory in
            let tooLong = ProviderError(provider: "scripted", status: 400, message: "prompt is too long: 9000 tokens > 4096")
            let provider = ScriptedProvider(replies: [
                .text([Self.outline]), .fail(after: [], error: tooLong), .fail(after: [], error: tooLong),
            ])
            let store = BookStore(directory: directory.path)
            await #expect(throws: ContextTooLongError.self) {
                _ = try await BookPipeline(store: store, chain: ProviderChain(tiers: [provider]), options: Self.unguarded).run(request) { _ in }
            }
            #expect(provider.requests.count == 3)
            let saved = try #require(try store.load(slug: "the-keeper"))
            #expect(saved.chapters.map(\.status) == [.pending, .pending])
        }
    }

    @Test func theBudgetStopsBeforeAChapterThatWouldOverspend() async throws {
        try await withTemporaryDirectory { directory in
            let provider = ScriptedProvider(replies: [
                .text([Self.outline], usage: TokenUsage(promptTokens: 10, completionTokens: 20)),
                .text(["The storm came."], usage: TokenUsage(promptTokens: 3_000, completionTokens: 2_000)),
            ])
            let store = BookStore(directory: directory.path)
            var options = Self.unguarded
            // Before chapter 1: 30 used + 134 answer + 4096 prompt projected fits; after it, 5030 used
            // and chapter 2 projected at 5000 more does not.
            options.tokenBudget = 9_000
            do {
                _ = try await BookPipeline(store: store, chain: ProviderChain(tiers: [provider]), options: options)
                    .run(request) { _ in }
                Issue.record("the budget should have stopped the book")
            } catch let error as FolioError {
                #expect(error.category == .runtime)
                #expect(error.message.contains("token budget reached: 5030 of 9000"))
            }
            let saved = try #require(try store.load(slug: "the-keeper"))
            #expect(saved.chapters.map(\.status) == [.complete, .pending])
            #expect(provider.requests.count == 2)
        }
    }
}
