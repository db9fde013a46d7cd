import FolioCore
import Foundation
import FolioRetrieval
import FolioSafety
import FolioTesting

/// Features of labelled claims, computed by the same code the chain runs, for fitting the
/// offline judge and measuring it.
struct ScoredRow: Codable {
    /// Dataset name.
    var dataset: String
    /// The human label (supported / consistent).
    var label: Bool
    /// Feature values of each claim of the row (one for WiCE; one per sentence of a summary).
    var claims: [[Double]]
    /// Whether each claim conflicts with a highly similar passage.
    var conflicts: [Bool]
    /// For WiCE: whether the top five passages cover a whole gold supporting set.
    var recalled: Bool?
    /// For WiCE: the same with BM25 alone.
    var lexicalRecalled: Bool?
}

enum ClaimScoring {
    static let evidencePerClaim = 5

    /// The evidence search's tuning: the shipped defaults, or `SAFETY_WINDOW`, `SAFETY_COVERAGE`,
    /// `SAFETY_FUSION`, `SAFETY_CANDIDATES`, `SAFETY_OVERLAP`, `SAFETY_STEMS`, `SAFETY_FACTS` and
    /// `SAFETY_POOL` when set, and `SAFETY_PREFILTER` (BM25 candidates embedded per claim and
    /// ranking; 0 embeds every passage) (to compare settings on dev data).
    static let indexOptions: EvidenceIndex.Options = {
        let environment = ProcessInfo.processInfo.environment
        var options = EvidenceIndex.Options()
        if let value = environment["SAFETY_WINDOW"].flatMap(Int.init) { options.window = value }
        if let value = environment["SAFETY_COVERAGE"].flatMap(Double.init) { options.coverageWeight = value }
        if let value = environment["SAFETY_FUSION"].flatMap(Double.init) { options.fusionConstant = value }
        if let value = environment["SAFETY_CANDIDATES"].flatMap(Int.init) { options.candidates = value }
        if let value = environment["SAFETY_OVERLAP"].flatMap(Double.init) { options.overlapPenalty = value }
        if let value = environment["SAFETY_STEMS"].flatMap(Int.init) { options.lexicalStems = value != 0 }
        if let value = environment["SAFETY_FACTS"].flatMap(Double.init) { options.factsWeight = value }
        if let value = environment["SAFETY_POOL"].flatMap(Int.init) { options.pool = value }
        if let value = environment["SAFETY_PREFILTER"].flatMap(Int.init) {
            options.embedsCandidatesOnly = value > 0
            options.prefilter = max(value, 1)
        }
        return options
    }()

    /// The tuning as text, part of the feature cache's key.
    static func describe(_ options: EvidenceIndex.Options) -> String {
        "window \(options.window) coverage \(options.coverageWeight) fusion \(options.fusionConstant) "
            + "candidates \(options.candidates) overlap \(options.overlapPenalty) stems \(options.lexicalStems) "
            + "facts \(options.factsWeight) pool \(options.pool)"
            + (options.embedsCandidatesOnly ? " prefilter \(options.prefilter)" : " prefilter off")
    }

    static func wice(_ rows: [ClaimData.WiCE], embedder: any Embedder, name: String) async throws -> [ScoredRow] {
        var scored: [ScoredRow] = []
        for (number, row) in rows.enumerated() {
            if number % 25 == 0 { log("\(name): row \(number) of \(rows.count)") }
            let index = try await EvidenceIndex.build(passages: ClaimData.passages(row), embedder: embedder, options: indexOptions)
            let vector = try await embedder.embed(row.claim)
            let evidence = try await index.search(row.claim, vector: vector, limit: evidencePerClaim)
            let features = ClaimFeatures(claim: row.claim, evidence: evidence, index: index)
            let conflicting = features.conflict != nil
            var recalled: Bool?
            var lexical: Bool?
            if !row.supportingSets.isEmpty {
                recalled = covers(evidence.map(\.passage), row.supportingSets)
                let lexicalIndex = BM25Index(texts: index.passages.map(\.text))
                let hits = lexicalIndex.search(row.claim, limit: evidencePerClaim, excluding: []).map { index.passages[$0.chunk] }
                lexical = covers(hits, row.supportingSets)
            }
            scored.append(ScoredRow(dataset: name, label: row.supported, claims: [features.values], conflicts: [conflicting],
                                    recalled: recalled, lexicalRecalled: lexical))
        }
        return scored
    }

    /// Whether the passages together contain every sentence of at least one gold set.
    static func covers(_ passages: [SourcePassage], _ sets: [[Int]]) -> Bool {
        var covered = Set<Int>()
        for passage in passages { covered.formUnion(passage.firstSentence..<(passage.firstSentence + passage.sentenceCount)) }
        return sets.contains { !$0.isEmpty && Set($0).isSubset(of: covered) }
    }

    static func grounded(_ rows: [ClaimData.Grounded], embedder: any Embedder, name: String) async throws -> [ScoredRow] {
        var scored: [ScoredRow] = []
        var indexes: [String: EvidenceIndex] = [:]
        for (number, row) in rows.enumerated() {
            if number % 100 == 0 { log("\(name): row \(number) of \(rows.count)") }
            let index: EvidenceIndex
            if let known = indexes[row.grounding] {
                index = known
            } else {
                index = try await EvidenceIndex.build(documents: [SourceDocument(name: "grounding", text: row.grounding)],
                                                      embedder: embedder, options: indexOptions)
                indexes[row.grounding] = index
            }
            let sentences = summarySentences(row.generated)
            guard !sentences.isEmpty else { continue }
            let vectors = try await embedder.embed(sentences)
            try await index.prepare(claims: sentences)
            var claims: [ClaimFeatures] = []
            for (sentence, vector) in zip(sentences, vectors) {
                claims.append(ClaimFeatures(claim: sentence, evidence: try await index.search(sentence, vector: vector, limit: evidencePerClaim),
                                            index: index))
            }
            scored.append(ScoredRow(dataset: name, label: row.consistent, claims: claims.map(\.values),
                                    conflicts: claims.map { $0.conflict != nil }))
        }
        return scored
    }

    /// Sentences of a generated text; the lower-cased, tokenised summaries of some sets use " . ".
    static func summarySentences(_ text: String) -> [String] {
        SentenceSplitter.sentences(in: text).flatMap { $0.text.components(separatedBy: " . ") }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// Balanced accuracy of `scores` ≥ `threshold` against `labels`.
    static func balancedAccuracy(_ scores: [Double], _ labels: [Bool], threshold: Double) -> Double {
        var tp = 0.0, tn = 0.0, positives = 0.0, negatives = 0.0
        for (score, label) in zip(scores, labels) {
            if label { positives += 1; if score >= threshold { tp += 1 } } else { negatives += 1; if score < threshold { tn += 1 } }
        }
        return ((positives > 0 ? tp / positives : 0) + (negatives > 0 ? tn / negatives : 0)) / 2
    }

    /// The threshold that maximises balanced accuracy.
    static func bestThreshold(_ scores: [Double], _ labels: [Bool]) -> Double {
        let candidates = Array(Set(scores)).sorted()
        var best = (threshold: 0.5, accuracy: -1.0)
        for (index, value) in candidates.enumerated() {
            let threshold = index == 0 ? value : (value + candidates[index - 1]) / 2
            let accuracy = balancedAccuracy(scores, labels, threshold: threshold)
            if accuracy > best.accuracy { best = (threshold, accuracy) }
        }
        return best.threshold
    }

    /// Area under the ROC curve (probability a positive outscores a negative; ties count half).
    static func auc(_ scores: [Double], _ labels: [Bool]) -> Double {
        let positives = zip(scores, labels).filter { $0.1 }.map(\.0)
        let negatives = zip(scores, labels).filter { !$0.1 }.map(\.0).sorted()
        guard !positives.isEmpty, !negatives.isEmpty else { return .nan }
        var total = 0.0
        for score in positives {
            var low = 0, high = negatives.count
            while low < high { let mid = (low + high) / 2; if negatives[mid] < score { low = mid + 1 } else { high = mid } }
            var equal = low
            while equal < negatives.count, negatives[equal] == score { equal += 1 }
            total += Double(low) + Double(equal - low) / 2
        }
        return total / Double(positives.count * negatives.count)
    }

    /// The row's score under the judge: the weakest of its claims.
    static func score(_ row: ScoredRow, _ judge: OfflineJudge) -> Double {
        zip(row.claims, row.conflicts).map { judge.score($0, conflicting: $1) }.min() ?? 0
    }

    /// `compute()`, or its result saved by an earlier run under `Benchmarks/results/` (git-ignored)
    /// when the features and the data file are unchanged.
    static func cached(_ name: String, _ compute: () async throws -> [ScoredRow]) async throws -> [ScoredRow] {
        let folder = FolioBinary.packageRoot.appendingPathComponent("Benchmarks/results")
        // Bump the version when feature code changes, so stale features are not reused.
        let tuning = describe(indexOptions)
        let key = ContentHash.of("features-v4:\(ClaimData.rowLimit):\(tuning):" + ClaimFeatures.names.joined(separator: ",") + name
                                  + (benchUsesBFloat16 ? ":bf16" : ""))
        let file = folder.appendingPathComponent("safety-features-\(name.replacingOccurrences(of: "/", with: "-"))-\(key).json")
        if let data = try? Data(contentsOf: file), let rows = try? JSONDecoder().decode([ScoredRow].self, from: data) {
            return rows
        }
        let rows = try await compute()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try JSONEncoder().encode(rows).write(to: file, options: .atomic)
        return rows
    }

    /// The plain lexical baseline: content-token recall in the top evidence (weakest claim).
    static func lexicalScore(_ row: ScoredRow) -> Double {
        let index = ClaimFeatures.names.firstIndex(of: "recall_union")!
        return row.claims.map { $0[index] }.min() ?? 0
    }
}
