import FolioRuntime
import FolioTesting
import Foundation
import Testing

/// `folio generate`'s retrieval wiring, as the runtime builds it: each chapter a later one searches is
/// indexed and summarised once, and a later chapter's prompt carries the passage of an early
/// chapter its outline needs.
@Suite struct BookRetrievalWiringTests {
    static let outline = #"""
        {"summary":"Mara searches for her grandmother's key.","chapters":[
        {"title":"The Secret","summary":"Grandmother tells Mara a secret."},
        {"title":"The Market","summary":"Mara sells apples at the market."},
        {"title":"The Rain","summary":"It rains for a week in the valley."},
        {"title":"The Harbour","summary":"Mara watches the fishing boats come in."},
        {"title":"The Search","summary":"Mara looks for the key her grandmother hid under the blue stone."}]}
        """#

    @Test func chaptersAreIndexedSummarisedAndRetrieved() async throws {
        try await withTemporaryDirectory { directory in
            // Summaries are made when a later chapter's context first needs one: with a one-chapter
            // window, chapter 3 needs chapter 1's, chapter 4 chapter 2's, chapter 5 chapter 3's.
            let provider = ScriptedProvider(replies: [
                .text([Self.outline]),
                .text(["Grandmother whispered that the key is hidden under the blue stone by the garden gate."]),
                .text(["Mara sold apples and pears at the busy market all the long morning."]),
                .text(["Summary one: the key is under the blue stone."]),
                .text(["Rain fell on the valley for seven days and the river rose."]),
                .text(["Summary two: market day."]),
                .text(["The fishing boats came into the harbour at dusk with their nets full."]),
                .text(["Summary three: rain."]),
                .text(["Mara lifted the blue stone by the gate and at last found the key."]),
            ])
            let settings = try await Settings.load(environment: [
                "BOOKS_DIR": directory.path, "RAG_MODE": "hybrid", "RAG_MIN_SCORE": "0.2",
                "SLIDING_WINDOW_CHAPTERS": "1", "CACHE_BACKEND": "memory", "BOOK_CHAPTERS": "5",
                "WORDS_PER_CHAPTER": "20", "EMBEDDING_MODEL_DIR": MiniLMReference.modelDirectory,
                // A window above the small-model one, so the outline is one call as scripted.
                "LOCAL_CONTEXT_SIZE": "8192",
            ], configFile: emptyConfigFile)
            let (book, chunks) = try await FolioRuntime.with(settings, providers: [provider]) { runtime in
                let request = runtime.bookRequest(title: "The Key", instructions: "A short tale.")
                let book = try await runtime.pipeline(for: request.slug) { _ in }.run(request) { _ in }
                let store = try runtime.retrievalStore(book: runtime.bookStore().folder(for: request.slug).path) { _ in }
                let searched = await store.chunkCount
                let report = try await store.update()
                return (book, (searched, report.chaptersIndexed, report.chunks))
            }
            #expect(book.isComplete)
            // One summary per chapter outside the window, each asked for once (cached afterwards);
            // chapter 4 is never outside a later chapter's window, so it is never summarised.
            let purposes = provider.requests.compactMap(\.purpose)
            #expect(purposes.filter { $0.hasPrefix("summary:the-key:") }.count == 3, "\(purposes)")
            #expect(provider.requests.count == 9)
            let timings = try #require(book.timings)
            #expect(timings.total >= timings.outline + timings.writing + timings.summaries + timings.indexing)
            // The run indexed the chapters later chapters searched (chapter 5 searches 1 to 3); the
            // store's next opener catches up the last two.
            #expect(chunks.0 == 3)
            #expect(chunks.1 == 2)
            #expect(chunks.2 == 5)
            // Chapter 5's prompt has chapter 1's passage, far outside the one-chapter window.
            let lastPrompt = try #require(provider.requests.first { $0.purpose == "chapter:the-key:5" })
            let prompt = lastPrompt.messages.map(\.content).joined(separator: "\n")
            #expect(prompt.contains("hidden under the blue stone by the garden gate"), "\(prompt)")
        }
    }

    @Test func aSmallWindowGetsOnePassageAndALargerOneUpToTopK() async throws {
        for (window, passages) in [("4096", 1), ("8192", 10)] {
            let settings = try await Settings.load(environment: ["LOCAL_CONTEXT_SIZE": window, "RAG_TOP_K": "10"],
                                                   configFile: emptyConfigFile)
            let options = try await FolioRuntime.with(settings) { $0.bookOptions() }
            #expect(options.context.maxPassages == passages, "window \(window)")
        }
    }
}
