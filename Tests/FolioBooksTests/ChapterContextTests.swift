import FolioContext
import FolioCore
import FolioProviders
import FolioRetrieval
import FolioTesting
import FolioTokenizers
import Foundation
import Synchronization
import Testing
@testable import FolioBooks

/// Summaries as the retrieval store would give them, recording what was asked.
final class RecordingSummaries: ChapterSummaries {
    let asked = Mutex<[Int]>([])
    func summary(ofChapter number: Int, text: String) async throws -> String {
        asked.withLock { $0.append(number) }
        return "Summary of chapter \(number): the keeper kept watch and the tide turned."
    }
}

/// A retriever with one fixed passage per earlier chapter, recording its queries.
final class RecordingRetriever: PassageRetriever {
    let queries = Mutex<[String]>([])
    func passages(for query: String, excluding excludedChapters: Set<Int>, limit: Int) async throws -> [RetrievedPassage] {
        queries.withLock { $0.append(query) }
        return (1...20).filter { !excludedChapters.contains($0) }.prefix(limit).map {
            RetrievedPassage(chapter: $0, chunk: 0, score: 1 / Double($0), text: "# Chapter \($0): Watch \($0)\n\nPassage \($0): the lighthouse lamp was green.")
        }
    }
}

struct FailingSummaries: ChapterSummaries {
    func summary(ofChapter number: Int, text: String) async throws -> String {
        throw FolioError.runtime("every provider tier failed")
    }
}

@Suite struct ChapterContextTests {
    static let chapters = 8
    static let counter = Result {
        try Cl100kTokenizer(ranksFile: FolioBinary.packageRoot.appendingPathComponent("models/cl100k_base.tiktoken").path)
    }

    static var outline: String {
        let entries = (1...chapters).map { #"{"title":"Watch \#($0)","summary":"The keeper's watch number \#($0)."}"# }
        return #"{"summary":"A keeper watches the sea.","chapters":["# + entries.joined(separator: ",") + "]}"
    }

    /// About 800 words of varied sentences for chapter `number`.
    static func chapterText(_ number: Int) -> String {
        let sentences = ["The lamp turned over the water.", "Waves broke on the rocks below the tower!",
                         "Was anyone out there tonight?", "She wrote the hour in the log, as always.",
                         "Salt had crusted the window again, thick as frost."]
        return (0..<130).map { sentences[($0 * 3 + number) % sentences.count] }.chunked(6)
            .map { $0.joined(separator: " ") }.joined(separator: "\n\n") + " Chapter \(number) ends here."
    }

    func run(summaries: (any ChapterSummaries)?, retriever: (any PassageRetriever)?) async throws
        -> (ScriptedProvider, EventLog, any TokenCounter) {
        let provider = ScriptedProvider(replies: [.text([Self.outline])] + (1...Self.chapters).map { .text([Self.chapterText($0)]) })
        let counter = ScaledTokenCounter(try Self.counter.get(), margin: 1.2)
        var options = BookPipeline.Options()
        options.contextWindow = 4096
        options.tokenCounter = counter
        // The chapters cycle five sentences to fill the window; the guards would stop them as loops.
        options.guardsEnabled = false
        let log = EventLog()
        try await withTemporaryDirectory { directory in
            let request = BookRequest(title: "The Keeper", instructions: "A quiet tale.", language: "English",
                                      chapters: Self.chapters, wordsPerChapter: 800)
            _ = try await BookPipeline(store: BookStore(directory: directory.path), chain: ProviderChain(tiers: [provider]),
                                       options: options, summaries: summaries, retriever: retriever)
                .run(request) { log.append($0) }
        }
        return (provider, log, counter)
    }

    @Test func everyChapterPromptLeavesRoomForTheAnswerInTheLocalWindow() async throws {
        let (provider, _, counter) = try await run(summaries: nil, retriever: nil)
        let chapterRequests = provider.requests.dropFirst()
        #expect(chapterRequests.count == Self.chapters)
        for (index, request) in chapterRequests.enumerated() {
            let prompt = request.messages.reduce(0) { $0 + counter.count($1.content) + ChapterContextBuilder.tokensPerMessage }
            #expect(prompt + (request.maxTokens ?? 0) <= 4096, "chapter \(index + 1): \(prompt) prompt tokens")
            let task = index == 0 ? "Write this opening of the book" : "Continue from there."
            #expect(request.messages.last?.content.contains(task) == true)
        }
        // Chapter 8 carries chapter 7's ending and the outline's summaries of older chapters.
        let last = try #require(chapterRequests.last?.messages.last?.content)
        #expect(last.contains("Chapter 7 ends here."))
        #expect(last.contains("Earlier: The keeper's watch number 1."))
        #expect(last.hasSuffix("Next, The keeper's watch number 8. Write the next part, about 800 words, as plain prose in English."))
        // Told as prose: no labels or book title for a small model to print back.
        #expect(!last.contains("Book title") && !last.contains("plan"))
    }

    @Test func thePlanSentencesAPromptGivesAlreadyAreLeftOutOfTheBooksSummary() throws {
        let plans = ["Mara finds a bottle on the shore.", "A storm cuts the island off.", "Mara sails home with the letter."]
        let outline = plans.enumerated().map { OutlineEntry(number: $0.offset + 1, title: "Part \($0.offset + 1)", summary: $0.element) }
        // A small window's book summary: the plan's first and last sentences.
        let book = Book(title: "The Keeper", slug: "the-keeper", instructions: "A quiet tale.", language: "English",
                        wordsPerChapter: 250, summary: plans[0] + " " + plans[2], outline: outline, createdAt: "now")
        let builder = ChapterContextBuilder(counter: try Self.counter.get(), contextWindow: 4096)
        let store = BookStore(directory: FileManager.default.temporaryDirectory.path)
        #expect(builder.materials(chapter: 1, of: book, store: store).bookSummary == plans[2])
        #expect(builder.materials(chapter: 2, of: book, store: store).bookSummary == plans[2])
        #expect(builder.materials(chapter: 3, of: book, store: store).bookSummary == "")
        // A summary of its own is left whole.
        var told = book
        told.summary = "A keeper and a storm."
        #expect(builder.materials(chapter: 3, of: told, store: store).bookSummary == "A keeper and a storm.")
    }

    @Test func usesStoredSummariesAndRetrievedPassages() async throws {
        let summaries = RecordingSummaries()
        let retriever = RecordingRetriever()
        let (provider, _, _) = try await run(summaries: summaries, retriever: retriever)
        let last = try #require(provider.requests.last?.messages.last?.content)
        #expect(last.contains("Earlier: Summary of chapter 2: the keeper kept watch"))
        // A passage cut with its chapter's heading is given without it: a small model copies headings.
        #expect(last.contains("From earlier in the book: \"Passage 1: the lighthouse lamp was green."))
        #expect(!last.contains("# Chapter"))
        // Summaries are asked for the chapters before the nearest one; chapter 7 is in the window.
        #expect(!summaries.asked.withLock { $0 }.contains(7))
        #expect(summaries.asked.withLock { $0 }.contains(6))
        #expect(retriever.queries.withLock { $0 }.last == "Watch 8. The keeper's watch number 8.")
    }

    @Test func aFailingSummaryStoreFallsBackToTheOutlineAndSaysSo() async throws {
        let (provider, log, _) = try await run(summaries: FailingSummaries(), retriever: nil)
        #expect(provider.requests.count == Self.chapters + 1)
        let notices = log.all.compactMap { if case .notice(let text) = $0 { text } else { nil } }
        #expect(notices.contains { $0.contains("no summary of chapter 1") })
        let last = try #require(provider.requests.last?.messages.last?.content)
        #expect(last.contains("The keeper's watch number 1."))
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
