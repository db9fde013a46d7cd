import FolioCore
import FolioProviders
import FolioRetrieval
import FolioTesting
import Foundation
import Testing

@Suite("SummaryStore")
struct SummaryStoreTests {
    @Test("summaries come from the model once, are cached, and are redone when the chapter changes")
    func cachedUntilChanged() async throws {
        let dir = try TemporaryDirectory("folio-rag"); defer { dir.remove() }
        let book = try RetrievalStoreTests.writeBook(in: dir)
        let store = try RetrievalStore(bookDirectory: book, embedder: try SharedEmbedder.miniLM.get())
        let model = ScriptedProvider(replies: [.text(["Mara meets ", "the keeper."]), .text(["The keeper dies."])])
        let chain = ProviderChain(tiers: [model])
        let summaries = SummaryStore(store: store, chat: chain, slug: "the-book")
        let text = RetrievalStoreTests.chapter(1, RetrievalStoreTests.bodies[0])
        #expect(try await summaries.summary(ofChapter: 1, text: text) == "Mara meets the keeper.")
        #expect(try await summaries.summary(ofChapter: 1, text: text) == "Mara meets the keeper.")
        #expect(model.requests.count == 1)
        #expect(model.requests[0].purpose == "summary:the-book:1")
        #expect(model.requests[0].messages.last?.content.contains("lighthouse") == true)

        // A new store over the same folder still has it.
        let reopened = SummaryStore(store: try RetrievalStore(bookDirectory: book, embedder: try SharedEmbedder.miniLM.get()),
                                    chat: chain, slug: "the-book")
        #expect(try await reopened.summary(ofChapter: 1, text: text) == "Mara meets the keeper.")
        #expect(model.requests.count == 1)

        #expect(try await summaries.summary(ofChapter: 1, text: text + "More.") == "The keeper dies.")
        #expect(model.requests.count == 2)
    }

    @Test("an empty answer is an error, not a summary")
    func emptyAnswer() async throws {
        let dir = try TemporaryDirectory("folio-rag"); defer { dir.remove() }
        let book = try RetrievalStoreTests.writeBook(in: dir)
        let store = try RetrievalStore(bookDirectory: book, embedder: try SharedEmbedder.miniLM.get())
        let summaries = SummaryStore(store: store, chat: ProviderChain(tiers: [ScriptedProvider(replies: [.text(["  "])])]),
                                     slug: "b")
        await #expect(throws: FolioError.self) { try await summaries.summary(ofChapter: 1, text: "Some text.") }
    }

    @Test("a summary cut off by cancellation is never kept")
    func cancelledSummaryIsNotKept() async throws {
        let dir = try TemporaryDirectory("folio-rag"); defer { dir.remove() }
        let book = try RetrievalStoreTests.writeBook(in: dir)
        let store = try RetrievalStore(bookDirectory: book, embedder: try SharedEmbedder.miniLM.get())
        let hanging = ScriptedProvider(replies: [.hang(after: ["Half of a sum"]), .text(["Whole summary."])])
        let summaries = SummaryStore(store: store, chat: ProviderChain(tiers: [hanging]), slug: "b")
        let task = Task { try await summaries.summary(ofChapter: 1, text: "Some text.") }
        // Cancelled once the partial answer is out, not after some guessed time.
        while hanging.hungPieces == 0 { await Task.yield() }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        // Asked again, the model is called again: nothing partial was cached.
        #expect(try await summaries.summary(ofChapter: 1, text: "Some text.") == "Whole summary.")
        #expect(hanging.requests.count == 2)
    }
}
