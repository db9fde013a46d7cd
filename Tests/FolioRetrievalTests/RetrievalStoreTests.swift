import FolioRetrieval
import FolioTesting
import Foundation
import Synchronization
import Testing

@Suite("RetrievalStore")
struct RetrievalStoreTests {
    static func chapter(_ n: Int, _ body: String) -> String {
        "# Chapter \(n): Part \(n)\n\n" + body + "\n"
    }

    static let bodies = [
        "Mara climbed the lighthouse stairs at dusk. The keeper, an old man with a scar across his cheek, "
            + "watched the sea. He told her the lamp had not failed in forty years. Below, the waves broke on black rocks.",
        "In the village the baker sold rye bread and gossip. Everyone said the mayor had lost the town's ledger "
            + "in a card game. Children played by the fountain until the bells rang for supper.",
        "The key is hidden under the blue stone by the garden gate. Only Mara's grandmother knew it, and she told "
            + "no one until the night of the storm, when she pressed the secret into Mara's hand.",
    ]

    static func writeBook(in dir: TemporaryDirectory, bodies: [String] = bodies) throws -> String {
        let book = dir.appending("book")
        try FileManager.default.createDirectory(atPath: book + "/chapters", withIntermediateDirectories: true)
        for (i, body) in bodies.enumerated() {
            try chapter(i + 1, body).write(toFile: book + "/chapters/\(String(format: "%02d", i + 1))-part.md",
                                           atomically: true, encoding: .utf8)
        }
        return book
    }

    static let smallChunks = RetrievalStore.Options(chunker: TextChunker(size: 120, overlap: 30))

    @Test("indexes every chapter and finds the passage a question needs")
    func indexAndSearch() async throws {
        let dir = try TemporaryDirectory("folio-rag"); defer { dir.remove() }
        let book = try Self.writeBook(in: dir)
        let store = try RetrievalStore(bookDirectory: book, embedder: try SharedEmbedder.miniLM.get(), options: Self.smallChunks)
        let report = try await store.update()
        #expect(report.chapters == 3 && report.chaptersIndexed == 3)
        #expect(report.chunks > 3 && report.chunksEmbedded == report.chunks)
        #expect(FileManager.default.fileExists(atPath: book + "/.rag/index.faiss"))
        #expect(FileManager.default.fileExists(atPath: book + "/.rag/meta.sqlite"))
        let hits = try await store.search("Where is the key hidden?", limit: 3)
        #expect(hits.first?.chapter == 3)
        #expect(hits.first?.text.contains("blue stone") == true)
        let excluded = try await store.search("Where is the key hidden?", limit: 3, excluding: [3])
        #expect(excluded.allSatisfy { $0.chapter != 3 })
        #expect(excluded.count == 3)
    }

    @Test("an update of some chapters indexes only those, and still drops deleted ones")
    func updateOfSomeChapters() async throws {
        let dir = try TemporaryDirectory("folio-rag"); defer { dir.remove() }
        let book = try Self.writeBook(in: dir)
        let store = try RetrievalStore(bookDirectory: book, embedder: try SharedEmbedder.miniLM.get(), options: Self.smallChunks)
        let first = try await store.update(only: [1])
        #expect(first.chaptersIndexed == 1)
        #expect(try await store.search("Where is the key hidden?", limit: 10).allSatisfy { $0.chapter == 1 })
        try FileManager.default.removeItem(atPath: book + "/chapters/01-part.md")
        let second = try await store.update(only: [3])
        #expect(second.chaptersRemoved == 1 && second.chaptersIndexed == 1)
        #expect(try await store.search("Where is the key hidden?", limit: 10).allSatisfy { $0.chapter == 3 })
    }

    @Test("incremental: unchanged books embed nothing, an edit re-embeds only changed chunks, deletes go")
    func incremental() async throws {
        let dir = try TemporaryDirectory("folio-rag"); defer { dir.remove() }
        let book = try Self.writeBook(in: dir)
        let embedder = CountingEmbedder(try SharedEmbedder.miniLM.get())
        let store = try RetrievalStore(bookDirectory: book, embedder: embedder, options: Self.smallChunks)
        let first = try await store.update()
        let afterFirst = embedder.embedded
        #expect(afterFirst == first.chunks)

        let again = try await store.update()
        #expect(again.chaptersIndexed == 0 && embedder.embedded == afterFirst)

        // Append a sentence to chapter 2: its earlier chunks keep their vectors.
        let edited = Self.chapter(2, Self.bodies[1] + " Late that night a stranger asked for the mayor.")
        try edited.write(toFile: book + "/chapters/02-part.md", atomically: true, encoding: .utf8)
        let third = try await store.update()
        #expect(third.chaptersIndexed == 1)
        #expect(third.chunksReused > 0)
        #expect(third.chunksEmbedded > 0 && third.chunksEmbedded < third.chunks)
        #expect(embedder.embedded == afterFirst + third.chunksEmbedded)
        #expect(try await store.search("stranger asked for the mayor", limit: 1).first?.text.contains("stranger") == true)

        try FileManager.default.removeItem(atPath: book + "/chapters/03-part.md")
        let fourth = try await store.update()
        #expect(fourth.chaptersRemoved == 1 && fourth.chapters == 2)
        let hits = try await store.search("Where is the key hidden?", limit: 10)
        #expect(hits.allSatisfy { $0.chapter != 3 })
        #expect(await store.chunkCount == fourth.chunks)
    }

    @Test("a corrupted meta file is rebuilt from the chapters, a corrupted index from the vectors, with warnings")
    func repairs() async throws {
        let dir = try TemporaryDirectory("folio-rag"); defer { dir.remove() }
        let book = try Self.writeBook(in: dir)
        let embedder = try SharedEmbedder.miniLM.get()
        let chunks = try await RetrievalStore(bookDirectory: book, embedder: embedder, options: Self.smallChunks).update().chunks

        try Data("garbage, not FAISS".utf8).write(to: URL(fileURLWithPath: book + "/.rag/index.faiss"))
        let warnings = WarningLog()
        let store = try RetrievalStore(bookDirectory: book, embedder: embedder, options: Self.smallChunks, warn: { warnings.append($0) })
        #expect(warnings.lines.count == 1 && warnings.lines[0].contains("index"))
        #expect(await store.chunkCount == chunks)
        #expect(try await store.search("blue stone key", limit: 1).first?.chapter == 3)

        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: book + "/.rag/meta.sqlite" + suffix) }
        try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: book + "/.rag/meta.sqlite"))
        let warnings2 = WarningLog()
        let rebuilt = try RetrievalStore(bookDirectory: book, embedder: embedder, options: Self.smallChunks, warn: { warnings2.append($0) })
        #expect(warnings2.lines.contains { $0.contains("meta.sqlite") })
        let report = try await rebuilt.update()
        #expect(report.chaptersIndexed == 3 && report.chunks == chunks)
        #expect(try await rebuilt.search("blue stone key", limit: 1).first?.chapter == 3)
    }

    @Test("vectors of another model are never mixed: the store re-embeds and says so")
    func modelChange() async throws {
        let dir = try TemporaryDirectory("folio-rag"); defer { dir.remove() }
        let book = try Self.writeBook(in: dir)
        let miniLM = try SharedEmbedder.miniLM.get()
        _ = try await RetrievalStore(bookDirectory: book, embedder: miniLM, options: Self.smallChunks).update()
        let other = CountingEmbedder(miniLM, modelID: "other-model")
        let warnings = WarningLog()
        let store = try RetrievalStore(bookDirectory: book, embedder: other, options: Self.smallChunks, warn: { warnings.append($0) })
        #expect(warnings.lines.contains { $0.contains("re-embedding") })
        let report = try await store.update()
        #expect(report.chaptersIndexed == 3 && other.embedded == report.chunks && report.embeddingModel == "other-model")
    }
}

/// Collects warning lines.
final class WarningLog: Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }
    func append(_ line: String) { storage.withLock { $0.append(line) } }
}
