import FolioBooks
import FolioCore
import FolioRetrieval
import Foundation

/// A repository's sources in a retrieval store of their own, one per repository commit (under
/// `<directory>/<name>-<commit>/.rag`), so a second run on the same commit embeds nothing.
///
/// Each source is one "chapter" of the store, numbered in the snapshot's order; a passage is
/// traced back to its file and lines by cutting the source the way the store cut it.
public struct RepositoryIndex: Sendable {
    /// The snapshot indexed.
    public let snapshot: RepositorySnapshot
    /// The store.
    public let store: RetrievalStore
    /// What indexing did (chunks embedded and reused).
    public let report: IndexReport
    private let chunker: TextChunker

    /// Opens the store of `snapshot`'s commit under `directory` and brings it up to date.
    ///
    /// The store is opened and filled holding its folder's lock (waiting up to `waiting` for
    /// another process indexing the same commit), so two runs indexing a commit for the first
    /// time never write one store at once: the second finds it complete and embeds nothing.
    public static func open(_ snapshot: RepositorySnapshot, directory: String, embedder: any Embedder,
                            options: RetrievalStore.Options = RetrievalStore.Options(), waiting: Duration = .seconds(1200),
                            warn: @escaping @Sendable (String) -> Void = { _ in }) async throws -> RepositoryIndex {
        let folder = URL(fileURLWithPath: directory)
            .appendingPathComponent("\(Slug.make(snapshot.name))-\(snapshot.commit.prefix(16))")
        return try await BookLock.withLock(folder: folder, waiting: waiting) {
            try await fill(snapshot, folder: folder.path, embedder: embedder, options: options, warn: warn)
        }
    }

    private static func fill(_ snapshot: RepositorySnapshot, folder: String, embedder: any Embedder,
                             options: RetrievalStore.Options, warn: @escaping @Sendable (String) -> Void) async throws
        -> RepositoryIndex {
        let store = try RetrievalStore(bookDirectory: folder, embedder: embedder, options: options, warn: warn)
        var report = IndexReport()
        for (offset, source) in snapshot.sources.enumerated() {
            let step = try await store.indexChapter(offset + 1, file: source.path, text: source.text)
            report.chaptersIndexed += step.chaptersIndexed
            report.chunksEmbedded += step.chunksEmbedded
            report.chunksReused += step.chunksReused
        }
        report.chapters = snapshot.sources.count
        report.chunks = await store.chunkCount
        report.embeddingModel = embedder.modelID
        return RepositoryIndex(snapshot: snapshot, store: store, report: report, chunker: options.chunker)
    }

    /// The best passages for `queries`, each scored by similarity × its kind's weight, at most
    /// `perFile` from one file, taken best first while they fit in `tokenBudget` (counted by `tokens`).
    ///
    /// The project's own account of itself (``leadPassages()``: its README's lead) comes first
    /// whatever its score: Folio's own README, given a paragraph on its retrieval store that
    /// names `folio generate`, books and chapters, ranked that paragraph above its opening for
    /// "What is Folio and what does it do?", and the post opened with "An edited chapter's chunks
    /// are replaced (unchanged chunk texts keep their vectors), a deleted chapter's go."
    public func evidence(for queries: [String], weights: SourceWeights, tokenBudget: Int, perQuery: Int = 8,
                         perFile: Int = 3, tokens: (String) -> Int = { ($0.utf8.count + 3) / 4 }) async throws
        -> [EvidencePassage] {
        var best: [String: EvidencePassage] = [:]
        for query in queries {
            for hit in try await store.search(query, limit: perQuery) {
                let index = hit.chapter - 1
                guard snapshot.sources.indices.contains(index) else { continue }
                let source = snapshot.sources[index]
                let key = "\(hit.chapter):\(hit.chunk)"
                let score = hit.score * weights[source.kind]
                if let known = best[key], known.score >= score { continue }
                let lines = lineRange(of: hit.chunk, in: source.text) ?? (1, 1)
                best[key] = EvidencePassage(kind: source.kind, file: source.path, firstLine: lines.0, lastLine: lines.1,
                                            text: hit.text, similarity: hit.score, score: score)
            }
        }
        var ranked = best.values.sorted(by: { ($0.score, $1.file, $1.firstLine) > ($1.score, $0.file, $0.firstLine) })
        for var lead in leadPassages().reversed() {
            // A passage holding the lead's first line gives it its score.
            if let found = ranked.firstIndex(where: { $0.file == lead.file && ($0.firstLine...$0.lastLine).contains(lead.firstLine) }) {
                lead.similarity = ranked[found].similarity
                lead.score = ranked[found].score
            }
            ranked.insert(lead, at: 0)
        }
        var chosen: [EvidencePassage] = []
        var used = 0
        var fromFile: [String: Int] = [:]
        for passage in ranked {
            guard fromFile[passage.file, default: 0] < perFile else { continue }
            let cost = tokens(passage.text)
            guard used + cost <= tokenBudget else { continue }
            used += cost
            fromFile[passage.file, default: 0] += 1
            chosen.append(passage)
        }
        return chosen
    }

    /// The project's own account of itself (``DocumentLead/of(_:)``) as passages scored 0;
    /// empty when the sources have none.
    public func leadPassages() -> [EvidencePassage] {
        guard let (source, paragraphs) = DocumentLead.of(snapshot) else { return [] }
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
        return paragraphs.map { range in
            EvidencePassage(kind: source.kind, file: source.path, firstLine: range.lowerBound, lastLine: range.upperBound,
                            text: lines[(range.lowerBound - 1)..<range.upperBound].joined(separator: "\n"), similarity: 0, score: 0)
        }
    }

    /// The 1-based first and last line of chunk `position` of `text`.
    func lineRange(of position: Int, in text: String) -> (Int, Int)? {
        let chunks = chunker.chunks(of: text)
        guard chunks.indices.contains(position) else { return nil }
        let chunk = chunks[position]
        var line = 1
        var first = 1
        var last = 1
        for (offset, character) in text.enumerated() {
            if offset == chunk.start { first = line }
            if offset >= chunk.end { break }
            // The last line is the one holding the chunk's last visible character.
            if !character.isWhitespace { last = line }
            if character.isNewline { line += 1 }
        }
        return (first, max(first, last))
    }
}
