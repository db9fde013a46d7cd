import FolioCore
import Foundation
import GRDB

/// `.rag/meta.sqlite`: chapters and their content hashes, chunks with their
/// text, offsets, hashes and vectors, chapter summaries, and which embedding
/// model made the vectors.
struct RetrievalDatabase: Sendable {
    /// Bumped when the tables change; older files are rebuilt from the chapters.
    static let schemaVersion = 1

    let queue: DatabaseQueue

    /// Opens (creating if needed) the database at `path`, checking it is a Folio store.
    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                CREATE TABLE chapters (number INTEGER PRIMARY KEY NOT NULL, file TEXT NOT NULL, hash TEXT NOT NULL);
                CREATE TABLE chunks (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    chapter INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    start INTEGER NOT NULL,
                    "end" INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    embedding BLOB NOT NULL
                );
                CREATE INDEX chunks_by_chapter ON chunks(chapter, position);
                CREATE INDEX chunks_by_hash ON chunks(hash);
                CREATE TABLE summaries (
                    chapter INTEGER PRIMARY KEY NOT NULL,
                    hash TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    model TEXT NOT NULL
                );
                """)
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                           arguments: ["\(Self.schemaVersion)"])
        }
        try migrator.migrate(queue)
        let version = try queue.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'")
        }
        guard version == "\(Self.schemaVersion)" else {
            throw FolioError.runtime("retrieval store \(path) has schema \(version ?? "none"), expected \(Self.schemaVersion)")
        }
        _ = try queue.read { db in try db.execute(sql: "PRAGMA quick_check") }
    }

    /// The embedding model of the stored vectors and their dimension, if any were stored.
    func embeddingModel() throws -> (id: String, dimension: Int)? {
        try queue.read { db in
            guard let id = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'embedding_model'"),
                  let dimension = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'embedding_dimension'")
                    .flatMap(Int.init)
            else { return nil }
            return (id, dimension)
        }
    }

    /// Forgets every chunk and records `model` as the one making vectors from now on.
    func reset(model: String, dimension: Int) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM chunks")
            try db.execute(sql: "DELETE FROM chapters")
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('embedding_model', ?), ('embedding_dimension', ?)",
                           arguments: [model, "\(dimension)"])
        }
    }

    /// Chapter number → content hash of every indexed chapter.
    func chapterHashes() throws -> [Int: String] {
        try queue.read { db in
            var result: [Int: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT number, hash FROM chapters") {
                result[row["number"]] = row["hash"]
            }
            return result
        }
    }

    /// Stored vectors by chunk hash, for reuse when a chapter is re-chunked.
    func embeddings(forHashes hashes: [String]) throws -> [String: [Float]] {
        guard !hashes.isEmpty else { return [:] }
        return try queue.read { db in
            var result: [String: [Float]] = [:]
            for batch in stride(from: 0, to: hashes.count, by: 500) {
                let part = Array(hashes[batch..<min(batch + 500, hashes.count)])
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: "SELECT hash, embedding FROM chunks WHERE hash IN (\(marks))",
                                            arguments: StatementArguments(part)) {
                    result[row["hash"]] = Self.floats(row["embedding"])
                }
            }
            return result
        }
    }

    /// Replaces a chapter's chunks; returns the removed ids and the new (id, vector) pairs.
    func replaceChapter(_ number: Int, file: String, hash: String,
                        chunks: [(chunk: TextChunk, hash: String, vector: [Float])]) throws -> (removed: [Int64], added: [(Int64, [Float])]) {
        try queue.write { db in
            let removed = try Int64.fetchAll(db, sql: "SELECT id FROM chunks WHERE chapter = ?", arguments: [number])
            try db.execute(sql: "DELETE FROM chunks WHERE chapter = ?", arguments: [number])
            var added: [(Int64, [Float])] = []
            for item in chunks {
                try db.execute(
                    sql: """
                        INSERT INTO chunks (chapter, position, start, "end", text, hash, embedding)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [number, item.chunk.index, item.chunk.start, item.chunk.end, item.chunk.text,
                                item.hash, Self.data(item.vector)])
                added.append((db.lastInsertedRowID, item.vector))
            }
            try db.execute(sql: "INSERT OR REPLACE INTO chapters (number, file, hash) VALUES (?, ?, ?)",
                           arguments: [number, file, hash])
            return (removed, added)
        }
    }

    /// Removes a chapter that no longer exists, its chunks and summary; returns the removed ids.
    func deleteChapter(_ number: Int) throws -> [Int64] {
        try queue.write { db in
            let removed = try Int64.fetchAll(db, sql: "SELECT id FROM chunks WHERE chapter = ?", arguments: [number])
            try db.execute(sql: "DELETE FROM chunks WHERE chapter = ?", arguments: [number])
            try db.execute(sql: "DELETE FROM chapters WHERE number = ?", arguments: [number])
            try db.execute(sql: "DELETE FROM summaries WHERE chapter = ?", arguments: [number])
            return removed
        }
    }

    /// Every chunk id with its vector, for rebuilding the vector index.
    func allVectors() throws -> [(Int64, [Float])] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, embedding FROM chunks ORDER BY id").map { row in
                (row["id"], Self.floats(row["embedding"]))
            }
        }
    }

    /// Number of stored chunks.
    func chunkCount() throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunks") ?? 0 }
    }

    /// Number of chunks of these chapters.
    func chunkCount(inChapters chapters: Set<Int>) throws -> Int {
        guard !chapters.isEmpty else { return 0 }
        return try queue.read { db in
            let marks = Array(repeating: "?", count: chapters.count).joined(separator: ",")
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunks WHERE chapter IN (\(marks))",
                                    arguments: StatementArguments(Array(chapters))) ?? 0
        }
    }

    /// The chunks with these ids (in no particular order).
    func chunks(ids: [Int64]) throws -> [StoredChunk] {
        guard !ids.isEmpty else { return [] }
        return try queue.read { db in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            return try Row.fetchAll(db, sql: "SELECT * FROM chunks WHERE id IN (\(marks))",
                                    arguments: StatementArguments(ids)).map(Self.chunk)
        }
    }

    /// Every chunk, in chapter order.
    func allChunks() throws -> [StoredChunk] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM chunks ORDER BY chapter, position").map(Self.chunk)
        }
    }

    /// The cached summary of a chapter, if made from text with `hash`.
    func summary(chapter: Int, hash: String) throws -> String? {
        try queue.read { db in
            try String.fetchOne(db, sql: "SELECT summary FROM summaries WHERE chapter = ? AND hash = ?",
                                arguments: [chapter, hash])
        }
    }

    /// Caches a chapter's summary.
    func saveSummary(chapter: Int, hash: String, summary: String, model: String) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO summaries (chapter, hash, summary, model) VALUES (?, ?, ?, ?)",
                           arguments: [chapter, hash, summary, model])
        }
    }

    private static func chunk(_ row: Row) -> StoredChunk {
        StoredChunk(id: row["id"], chapter: row["chapter"], position: row["position"], start: row["start"],
                    end: row["end"], text: row["text"], hash: row["hash"])
    }

    static func data(_ vector: [Float]) -> Data {
        vector.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    static func floats(_ data: Data) -> [Float] {
        var vector = [Float](repeating: 0, count: data.count / MemoryLayout<Float>.size)
        vector.withUnsafeMutableBytes { target in _ = data.copyBytes(to: target) }
        return vector
    }
}
