import FolioCore
import Foundation
import Logging

/// A book's retrieval store, `BOOK/.rag/`: chunk metadata and vectors in
/// `meta.sqlite`, the FAISS index in `index.faiss`.
///
/// The chapter files are the source of truth: a corrupted or missing
/// metadata file is rebuilt from them, a corrupted or missing index from the
/// stored vectors, each with a warning. Vectors from another embedding model
/// are never mixed in: the store re-embeds everything with the new one.
public actor RetrievalStore {
    /// Chunking and index settings.
    public struct Options: Sendable, Equatable {
        /// How chapters are cut into chunks.
        public var chunker: TextChunker
        /// Vector index settings.
        public var index: VectorIndex.Configuration

        /// Creates options.
        public init(chunker: TextChunker = TextChunker(), index: VectorIndex.Configuration = .init()) {
            self.chunker = chunker
            self.index = index
        }
    }

    /// The book folder.
    public nonisolated let bookDirectory: URL
    /// The store folder, `BOOK/.rag`.
    public nonisolated let directory: URL
    /// The embedder making every vector.
    public nonisolated let embedder: any Embedder
    let options: Options
    let database: RetrievalDatabase
    private var index: VectorIndex
    private var lexical: BM25Index?
    private let warn: @Sendable (String) -> Void
    private static let logger = FolioLogging.logger("retrieval")

    /// Where a book's retrieval metadata lives, relative to the book's folder.
    public static let metadataPath = ".rag/meta.sqlite"

    /// Opens (creating or repairing) the store of the book at `bookDirectory`;
    /// `warn` receives one line per repair made.
    public init(bookDirectory: String, embedder: any Embedder, options: Options = Options(),
                warn: @escaping @Sendable (String) -> Void = { _ in }) throws {
        let book = URL(fileURLWithPath: bookDirectory)
        let metaPath = book.appendingPathComponent(Self.metadataPath).path
        let folder = URL(fileURLWithPath: metaPath).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FolioError.runtime("cannot create \(folder.path): \(error.localizedDescription)")
        }
        var database: RetrievalDatabase
        do {
            database = try RetrievalDatabase(path: metaPath)
        } catch {
            warn("retrieval metadata \(metaPath) is unreadable (\(error)); rebuilding it from the chapter files")
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: metaPath + suffix) }
            database = try RetrievalDatabase(path: metaPath)
        }
        if let stored = try database.embeddingModel() {
            if stored.id != embedder.modelID || stored.dimension != embedder.dimension {
                warn("the store's vectors were made by \(stored.id); re-embedding every chunk with \(embedder.modelID)")
                try database.reset(model: embedder.modelID, dimension: embedder.dimension)
            }
        } else {
            try database.reset(model: embedder.modelID, dimension: embedder.dimension)
        }
        let indexPath = folder.appendingPathComponent("index.faiss").path
        let stored = try database.chunkCount()
        var loaded: VectorIndex?
        if FileManager.default.fileExists(atPath: indexPath) {
            do {
                let candidate = try VectorIndex(contentsOf: indexPath, configuration: options.index)
                if candidate.dimension == embedder.dimension && candidate.count == stored {
                    loaded = candidate
                } else {
                    warn("vector index \(indexPath) does not match the metadata; rebuilding it from the stored vectors")
                }
            } catch {
                warn("vector index \(indexPath) is unreadable (\(error)); rebuilding it from the stored vectors")
            }
        } else if stored > 0 {
            warn("vector index \(indexPath) is missing; rebuilding it from the stored vectors")
        }
        if loaded == nil {
            let fresh = try VectorIndex(dimension: embedder.dimension, configuration: options.index)
            let vectors = try database.allVectors()
            try fresh.add(ids: vectors.map(\.0), vectors: vectors.map(\.1))
            try fresh.save(to: indexPath)
            loaded = fresh
        }
        self.bookDirectory = book
        self.directory = folder
        self.embedder = embedder
        self.options = options
        self.database = database
        self.index = loaded!
        self.warn = warn
    }

    /// Number of chunks in the store.
    public var chunkCount: Int { index.count }

    /// Brings the store up to date with `BOOK/chapters/*.md`: new and changed
    /// chapters are (re)indexed, deleted ones dropped.
    ///
    /// - Parameter only: the chapters to (re)index; `nil` for every one. Deleted chapters are
    ///   dropped either way.
    public func update(only: Set<Int>? = nil) async throws -> IndexReport {
        let files = try chapterFiles()
        let known = try database.chapterHashes()
        var report = IndexReport()
        report.chapters = files.count
        for number in known.keys.sorted() where files[number] == nil {
            try index.remove(ids: try database.deleteChapter(number))
            report.chaptersRemoved += 1
        }
        for number in files.keys.sorted() where only?.contains(number) ?? true {
            let file = files[number]!
            let text: String
            do {
                text = try String(contentsOf: bookDirectory.appendingPathComponent(file), encoding: .utf8)
            } catch {
                throw FolioError.runtime("cannot read chapter file \(file): \(error.localizedDescription)")
            }
            if known[number] == ContentHash.of(text) { continue }
            let (embedded, reused) = try await replace(number, file: file, text: text)
            report.chaptersIndexed += 1
            report.chunksEmbedded += embedded
            report.chunksReused += reused
        }
        if report.chaptersIndexed + report.chaptersRemoved > 0 { try save() }
        report.chunks = index.count
        report.embeddingModel = embedder.modelID
        return report
    }

    /// Indexes one chapter's text (after it was saved as `file`, relative to the book folder).
    @discardableResult
    public func indexChapter(_ number: Int, file: String, text: String) async throws -> IndexReport {
        var report = IndexReport()
        if try database.chapterHashes()[number] != ContentHash.of(text) {
            let (embedded, reused) = try await replace(number, file: file, text: text)
            report.chaptersIndexed = 1
            report.chunksEmbedded = embedded
            report.chunksReused = reused
            try save()
        }
        report.chapters = try database.chapterHashes().count
        report.chunks = index.count
        report.embeddingModel = embedder.modelID
        return report
    }

    /// The `limit` chunks most similar to `query` by vector, best first, leaving out `excluded` chapters.
    public func search(_ query: String, limit: Int, excluding excluded: Set<Int> = []) async throws -> [RetrievedPassage] {
        guard limit > 0, index.count > 0 else { return [] }
        let vector = try await embedder.embed(query)
        return try search(vector: vector, limit: limit, excluding: excluded)
    }

    /// The `limit` chunks nearest to `vector`, best first, leaving out `excluded` chapters.
    public func search(vector: [Float], limit: Int, excluding excluded: Set<Int> = []) throws -> [RetrievedPassage] {
        guard limit > 0, index.count > 0 else { return [] }
        let hidden = excluded.isEmpty ? 0 : try database.chunkCount(inChapters: excluded)
        let matches = try index.search(vector, k: min(index.count, limit + hidden))
        let chunks = Dictionary(uniqueKeysWithValues: try database.chunks(ids: matches.map(\.id)).map { ($0.id, $0) })
        var result: [RetrievedPassage] = []
        for match in matches {
            guard let chunk = chunks[match.id], !excluded.contains(chunk.chapter) else { continue }
            result.append(RetrievedPassage(chapter: chunk.chapter, chunk: chunk.position,
                                           score: Double(match.score), text: chunk.text))
            if result.count == limit { break }
        }
        return result
    }

    /// The `limit` chunks scoring highest under BM25 for `query`, best first (score > 0 only).
    public func lexicalSearch(_ query: String, limit: Int, excluding excluded: Set<Int> = []) throws -> [RetrievedPassage] {
        if lexical == nil { lexical = BM25Index(chunks: try database.allChunks()) }
        return lexical!.search(query, limit: limit, excluding: excluded)
    }

    /// The cached summary of chapter `number` made from text with `hash`.
    func cachedSummary(chapter number: Int, hash: String) throws -> String? {
        try database.summary(chapter: number, hash: hash)
    }

    /// Caches a summary.
    func saveSummary(chapter number: Int, hash: String, summary: String, model: String) throws {
        try database.saveSummary(chapter: number, hash: hash, summary: summary, model: model)
    }

    private func replace(_ number: Int, file: String, text: String) async throws -> (embedded: Int, reused: Int) {
        let pieces = options.chunker.chunks(of: text)
        let hashes = pieces.map { ContentHash.of($0.text) }
        let known = try database.embeddings(forHashes: hashes)
        let missing = Array(Set(hashes.indices.filter { known[hashes[$0]] == nil }.map { pieces[$0].text }))
        var fresh: [String: [Float]] = [:]
        if !missing.isEmpty {
            let vectors = try await embedder.embed(missing)
            guard vectors.count == missing.count, vectors.allSatisfy({ $0.count == embedder.dimension }) else {
                throw FolioError.runtime("the embedder returned \(vectors.count) vectors for \(missing.count) texts")
            }
            for (text, vector) in zip(missing, vectors) { fresh[ContentHash.of(text)] = vector }
        }
        let rows = pieces.indices.map { i in
            (chunk: pieces[i], hash: hashes[i], vector: known[hashes[i]] ?? fresh[hashes[i]]!)
        }
        let (removed, added) = try database.replaceChapter(number, file: file, hash: ContentHash.of(text), chunks: rows)
        try index.remove(ids: removed)
        try index.add(ids: added.map(\.0), vectors: added.map(\.1))
        lexical = nil
        Self.logger.debug("indexed chapter", metadata: ["chapter": "\(number)", "chunks": "\(rows.count)",
                                                       "embedded": "\(missing.count)"])
        return (missing.count, rows.count - missing.count)
    }

    private func save() throws {
        try index.save(to: directory.appendingPathComponent("index.faiss").path)
    }

    /// Chapter number → file (relative to the book folder) of every `chapters/NN-*.md`.
    private func chapterFiles() throws -> [Int: String] {
        let folder = bookDirectory.appendingPathComponent("chapters")
        guard FileManager.default.fileExists(atPath: folder.path) else { return [:] }
        var files: [Int: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        where name.hasSuffix(".md") && !name.hasPrefix(".") {
            let digits = name.prefix { $0.isASCII && $0.isNumber }
            guard let number = Int(digits), number > 0 else { continue }
            if files[number] == nil { files[number] = "chapters/" + name }
        }
        return files
    }
}
