import FolioRetrieval
import Foundation

/// The passages of a set of sources, embedded once, searched per claim by MiniLM cosine fused
/// with BM25 (reciprocal rank fusion), then picked so that together they cover the claim.
public struct EvidenceIndex: Sendable {
    /// Tuning.
    public struct Options: Sendable, Equatable {
        /// Sentences per window, besides single sentences.
        public var window: Int
        /// Candidates taken from each ranking before fusion.
        public var candidates: Int
        /// The constant of reciprocal rank fusion.
        public var fusionConstant: Double
        /// Weight of the claim's still-uncovered content (IDF-weighted) when picking each next
        /// passage, against its fused rank; 0 keeps the fused order.
        public var coverageWeight: Double
        /// Whether a window's vector is pooled from its sentences' vectors (mean pooling, as
        /// MiniLM pools tokens) instead of embedding it again: half the embedding work.
        public var poolsWindows: Bool
        /// How much a passage loses, times the share of its sentences already picked, when
        /// picking the next one: overlapping windows otherwise fill the five places with one
        /// sentence in several windows.
        public var overlapPenalty: Double
        /// Whether BM25 reads content stems (stop words out, light stemming) instead of words.
        public var lexicalStems: Bool
        /// Weight, in the fusion, of a third ranking by the claim's names and numbers alone (the
        /// words a paraphrase keeps); 0 leaves it out.
        public var factsWeight: Double
        /// Fused candidates the pick chooses from.
        public var pool: Int
        /// Whether only what the claims' BM25 rankings (by words and by names and numbers)
        /// bring up is embedded, when they are searched, instead of every passage up front:
        /// the dense ranking then orders those candidates. Off embeds everything at build.
        public var embedsCandidatesOnly: Bool
        /// Passages of each BM25 ranking, per claim, embedded when `embedsCandidatesOnly`.
        public var prefilter: Int

        /// Creates options.
        ///
        /// The defaults are those with the best evidence recall@5 on WiCE dev (`FolioBench
        /// safety-recall`): windows of up to three sentences, coverage and overlap weights 1, the
        /// names-and-numbers ranking at full weight, BM25 on plain words. 60 BM25 candidates per
        /// ranking: 20 recall as well on WiCE dev (0.731 vs 0.719 within each row's evidence,
        /// 0.596 vs 0.599 with all 349 rows' 124,053 passages in one index), but the judge fitted
        /// on their features cross-validates lower (0.716 vs 0.727), its cosine features poorer.
        public init(window: Int = 3, candidates: Int = 30, fusionConstant: Double = 20, coverageWeight: Double = 1,
                    poolsWindows: Bool = true, overlapPenalty: Double = 1, lexicalStems: Bool = false,
                    factsWeight: Double = 1, pool: Int = 20, embedsCandidatesOnly: Bool = true, prefilter: Int = 60) {
            self.window = window
            self.candidates = candidates
            self.fusionConstant = fusionConstant
            self.coverageWeight = coverageWeight
            self.poolsWindows = poolsWindows
            self.overlapPenalty = overlapPenalty
            self.lexicalStems = lexicalStems
            self.factsWeight = factsWeight
            self.pool = pool
            self.embedsCandidatesOnly = embedsCandidatesOnly
            self.prefilter = prefilter
        }
    }

    /// Every passage, in index order.
    public let passages: [SourcePassage]
    /// The vectors, in segments (one per index a combined index joins), each filled on demand.
    private let segments: [(vectors: PassageVectors, offset: Int)]
    private let dimension: Int
    private let lexical: BM25Index
    private var options: Options
    /// Content stems of each passage.
    let passageStems: [Set<String>]
    /// Sentences (single-sentence passages) holding each stem.
    let sentenceFrequency: [String: Int]
    /// Single-sentence passages.
    let sentenceCount: Int

    /// Splits `documents` into passages; embeds them all now, or (`embedsCandidatesOnly`) what
    /// each search needs when it needs it. With `cacheDirectory`, the vectors are kept there in
    /// a file named by a hash of the model and every passage, so a later check of the same
    /// sources embeds nothing again; a damaged file is ignored and written anew.
    public static func build(documents: [SourceDocument], embedder: any Embedder, options: Options = Options(),
                             cacheDirectory: URL? = nil) async throws -> EvidenceIndex {
        let passages = documents.flatMap { $0.passages(window: options.window) }
        return try await build(passages: passages, embedder: embedder, options: options, cacheDirectory: cacheDirectory)
    }

    /// The index of `passages` as given (windows pooled from their sentences when `options` say so).
    public static func build(passages: [SourcePassage], embedder: any Embedder, options: Options = Options(),
                             cacheDirectory: URL? = nil) async throws -> EvidenceIndex {
        let vectors = PassageVectors(passages: passages, embedder: embedder, poolsWindows: options.poolsWindows,
                                     cacheDirectory: passages.isEmpty ? nil : cacheDirectory)
        if !options.embedsCandidatesOnly { try await vectors.fillAll() }
        return EvidenceIndex(passages: passages, segments: [(vectors, 0)], dimension: embedder.dimension, options: options)
    }

    /// One index over the passages of `indexes`, in order, sharing their vectors: nothing is
    /// embedded again (a book keeps one index per chapter and checks each new chapter against them all).
    public static func combined(_ indexes: [EvidenceIndex], options: Options = Options()) -> EvidenceIndex {
        let dimension = indexes.first?.dimension ?? 0
        var passages: [SourcePassage] = []
        var segments: [(vectors: PassageVectors, offset: Int)] = []
        for index in indexes where index.dimension == dimension {
            for segment in index.segments { segments.append((segment.vectors, passages.count + segment.offset)) }
            passages += index.passages
        }
        return EvidenceIndex(passages: passages, segments: segments, dimension: dimension, options: options)
    }

    private init(passages: [SourcePassage], segments: [(vectors: PassageVectors, offset: Int)], dimension: Int,
                 options: Options) {
        self.passages = passages
        self.dimension = dimension
        self.segments = segments
        self.options = options
        let stems = Self.stems(of: passages)
        lexical = BM25Index(texts: options.lexicalStems ? stems.map { $0.joined(separator: " ") } : passages.map(\.text))
        passageStems = stems.map(Set.init)
        var frequency: [String: Int] = [:]
        var sentences = 0
        for (passage, stems) in zip(passages, passageStems) where passage.sentenceCount == 1 {
            sentences += 1
            for stem in stems { frequency[stem, default: 0] += 1 }
        }
        sentenceFrequency = frequency
        sentenceCount = sentences
    }

    /// Each passage's content stems. A window's are its sentences' stems in order, taken from
    /// their own passages rather than read again (stems are word by word, and a window's text is
    /// its sentences joined by spaces); a window whose sentences are not all there is read.
    static func stems(of passages: [SourcePassage]) -> [[String]] {
        var sentenceAt: [String: [Int: Int]] = [:]
        var stems = [[String]](repeating: [], count: passages.count)
        for (index, passage) in passages.enumerated() where passage.sentenceCount == 1 {
            sentenceAt[passage.file, default: [:]][passage.firstSentence] = index
            stems[index] = TextFacts(passage.text).stems
        }
        for (index, passage) in passages.enumerated() where passage.sentenceCount != 1 {
            let sentences = sentenceAt[passage.file] ?? [:]
            let parts = (passage.firstSentence..<(passage.firstSentence + passage.sentenceCount)).compactMap { sentences[$0] }
            let joinedLength = parts.reduce(parts.count - 1) { $0 + passages[$1].text.utf8.count }
            if parts.count == passage.sentenceCount, joinedLength == passage.text.utf8.count {
                stems[index] = parts.flatMap { stems[$0] }
            } else {
                stems[index] = TextFacts(passage.text).stems
            }
        }
        return stems
    }

    /// Passages whose vectors are there (every one when the index embedded them all).
    public var embeddedCount: Int {
        segments.reduce(0) { $0 + $1.vectors.readiness().filter { $0 }.count }
    }

    /// Embeds what searching `claims` needs and is not embedded yet, in one batch: each claim's
    /// BM25 candidates (by its words, and by its names and numbers) when `embedsCandidatesOnly`,
    /// else every passage. `search` calls it for its own claim; calling it first for all the
    /// claims of a text batches their passages together.
    public func prepare(claims: [String]) async throws {
        guard !passages.isEmpty else { return }
        var wanted = Set<Int>()
        if options.embedsCandidatesOnly {
            for claim in claims {
                let hits = lexicalHits(claim)
                wanted.formUnion((hits.words + hits.facts).map(\.chunk))
            }
        }
        try await fill(wanted)
    }

    /// Embeds `wanted` (every passage unless `embedsCandidatesOnly`) where not embedded yet.
    private func fill(_ wanted: Set<Int>) async throws {
        for segment in segments {
            let range = segment.offset..<(segment.offset + segment.vectors.count)
            if options.embedsCandidatesOnly {
                try await segment.vectors.fill(wanted.filter(range.contains).map { $0 - segment.offset })
            } else {
                try await segment.vectors.fillAll()
            }
        }
    }

    /// The claim's BM25 rankings, `max(prefilter, candidates)` deep: by its words (or content
    /// stems), and by its names and numbers alone (empty when `factsWeight` is 0).
    private func lexicalHits(_ claim: String) -> (words: [RetrievedPassage], facts: [RetrievedPassage]) {
        let claimFacts = TextFacts(claim)
        let depth = max(options.prefilter, options.candidates)
        let names = options.lexicalStems ? claimFacts.names.map(TextFacts.stem) : Array(claimFacts.names)
        let factTerms = options.factsWeight > 0 ? (names + claimFacts.numbers).sorted() : []
        let words = lexical.search(options.lexicalStems ? claimFacts.stems.joined(separator: " ") : claim, limit: depth,
                                   excluding: [])
        let facts = factTerms.isEmpty ? [] : lexical.search(factTerms.joined(separator: " "), limit: depth, excluding: [])
        return (words, facts)
    }

    /// The same passages searched with other search tuning (candidates, fusion, coverage,
    /// overlap, facts weight, pool); the passages, vectors and BM25 terms stay as built, and so
    /// do the options that shaped them (`window`, `poolsWindows`, `lexicalStems`).
    public func retuned(_ search: Options) -> EvidenceIndex {
        var copy = self
        copy.options = search
        copy.options.window = options.window
        copy.options.poolsWindows = options.poolsWindows
        copy.options.lexicalStems = options.lexicalStems
        return copy
    }

    /// How rare `stem` is in the sources: inverse sentence frequency, highest for a stem they
    /// never use.
    public func idf(_ stem: String) -> Double {
        log((Double(sentenceCount) + 1) / (Double(sentenceFrequency[stem] ?? 0) + 0.5))
    }

    /// Whether any sentence of the sources uses `stem`.
    public func contains(_ stem: String) -> Bool {
        sentenceFrequency[stem] != nil
    }

    /// The best `limit` passages for a claim, best first; `vector` is the claim's embedding.
    ///
    /// Candidates are ordered by reciprocal rank fusion of cosine and BM25; each next passage is
    /// then the one whose fused score plus the claim content it adds (IDF-weighted, times
    /// `coverageWeight`) is highest, and a passage whose sentences are all already picked is
    /// skipped, so that a claim spread over several sentences meets them all.
    public func search(_ claim: String, vector: [Float], limit: Int) async throws -> [Evidence] {
        guard !passages.isEmpty, limit > 0 else { return [] }
        let hits = lexicalHits(claim)
        try await fill(options.embedsCandidatesOnly ? Set((hits.words + hits.facts).map(\.chunk)) : [])
        let (cosines, ready) = similarities(vector)
        let dense = cosines.indices.filter { ready[$0] }.sorted { cosines[$0] > cosines[$1] }.prefix(options.candidates)
        let lexicalHits = hits.words.prefix(options.candidates)
        var fused: [Int: Double] = [:]
        var bm25: [Int: Double] = [:]
        for (rank, index) in dense.enumerated() {
            fused[index, default: 0] += 1 / (options.fusionConstant + Double(rank + 1))
        }
        for (rank, hit) in lexicalHits.enumerated() {
            fused[hit.chunk, default: 0] += 1 / (options.fusionConstant + Double(rank + 1))
            bm25[hit.chunk] = hit.score
        }
        if options.factsWeight > 0 {
            for (rank, hit) in hits.facts.prefix(options.candidates).enumerated() {
                fused[hit.chunk, default: 0] += options.factsWeight / (options.fusionConstant + Double(rank + 1))
            }
        }
        let ranked = fused.sorted { ($0.value, cosines[$0.key]) > ($1.value, cosines[$1.key]) }
        let chosen = options.coverageWeight > 0
            ? pick(from: ranked.prefix(max(limit * 4, options.pool)).map { ($0.key, $0.value) }, claim: claim, limit: limit)
            : ranked.prefix(limit).map(\.key)
        return chosen.map { index in
            Evidence(passage: passages[index], cosine: Double(cosines[index]), bm25: bm25[index] ?? 0, fused: fused[index] ?? 0)
        }
    }

    /// Greedy pick of `limit` candidates by fused score plus the claim content each adds.
    private func pick(from candidates: [(index: Int, fused: Double)], claim: String, limit: Int) -> [Int] {
        guard let top = candidates.first?.fused, top > 0 else { return candidates.prefix(limit).map(\.index) }
        let claimStems = TextFacts(claim).stemSet
        let weights = Dictionary(uniqueKeysWithValues: claimStems.map { ($0, idf($0)) })
        let total = max(weights.values.reduce(0, +), 1e-9)
        var covered = Set<String>()
        var sentences = Set<String>()
        var remaining = candidates
        var chosen: [Int] = []
        while chosen.count < limit, !remaining.isEmpty {
            var best: (position: Int, value: Double)?
            for (position, candidate) in remaining.enumerated() {
                let passage = passages[candidate.index]
                let keys = (passage.firstSentence..<(passage.firstSentence + passage.sentenceCount)).map { "\(passage.file)\u{0}\($0)" }
                let repeated = keys.filter(sentences.contains).count
                if repeated == keys.count { continue }
                let gain = passageStems[candidate.index].intersection(claimStems).subtracting(covered)
                    .reduce(0) { $0 + (weights[$1] ?? 0) } / total
                let value = candidate.fused / top + options.coverageWeight * gain
                    - options.overlapPenalty * Double(repeated) / Double(keys.count)
                if best == nil || value > best!.value { best = (position, value) }
            }
            guard let best else { break }
            let index = remaining.remove(at: best.position).index
            let passage = passages[index]
            covered.formUnion(passageStems[index].intersection(claimStems))
            for sentence in passage.firstSentence..<(passage.firstSentence + passage.sentenceCount) {
                sentences.insert("\(passage.file)\u{0}\(sentence)")
            }
            chosen.append(index)
        }
        return chosen
    }

    /// Cosine of `vector` with every passage (vectors are unit length; 0 where a passage has
    /// no vector), and which passages have one.
    private func similarities(_ vector: [Float]) -> (cosines: [Float], ready: [Bool]) {
        var result = [Float](repeating: 0, count: passages.count)
        var readiness = [Bool](repeating: false, count: passages.count)
        guard vector.count == dimension else { return (result, readiness) }
        for segment in segments {
            segment.vectors.withVectors { values, ready in
                values.withUnsafeBufferPointer { all in
                    vector.withUnsafeBufferPointer { query in
                        for row in 0..<segment.vectors.count where ready[row] {
                            result[segment.offset + row] = VectorMath.dot(all.baseAddress! + row * dimension,
                                                                          query.baseAddress!, count: dimension)
                            readiness[segment.offset + row] = true
                        }
                    }
                }
            }
        }
        return (result, readiness)
    }
}
