import Foundation

/// What the offline judge scores: how well a claim's content, numbers and names are covered by
/// its best evidence, and how similar they are.
public struct ClaimFeatures: Sendable, Equatable {
    /// The names of `values`, in order; the judge's weights file is keyed by them.
    public static let names = [
        "recall_best", "recall_union", "bigram_recall", "number_recall", "has_numbers", "name_recall",
        "negation_mismatch", "best_cosine", "top_cosine", "log_length",
        "idf_recall_union", "idf_recall_pair", "idf_recall_sources", "unmatched_idf_max", "unmatched_log",
        "date_recall", "negation_scope_mismatch", "name_order_reversal",
    ]

    /// One value per name.
    public var values: [Double]
    /// Whether a number or a name of the claim conflicts with a highly similar passage.
    public var conflict: Conflict?

    /// A number or name of the claim that a highly similar passage states differently.
    public struct Conflict: Sendable, Equatable {
        /// The passage that disagrees.
        public var evidence: Evidence
        /// What disagrees, e.g. `number 2019 vs 2021`.
        public var detail: String
    }

    /// Computes the features of `claim` against `evidence` (best first).
    ///
    /// - Parameter conflictSimilarity: cosine a passage needs before a differing number or name
    ///   in it counts as a contradiction rather than a different topic.
    ///   - index: the sources the evidence comes from, for how rare each word is there and
    ///     whether they use it at all; without it every word weighs the same.
    public init(claim: String, evidence: [Evidence], index: EvidenceIndex? = nil, conflictSimilarity: Double = 0.8) {
        let facts = TextFacts(claim)
        let passages = evidence.map { TextFacts($0.passage.text) }
        let claimStems = facts.stemSet
        var union = Set<String>()
        var unionBigrams = Set<String>()
        var unionNames = Set<String>()
        var unionNumbers = Set<String>()
        var recallBest = 0.0
        for passage in passages {
            let stems = passage.stemSet
            union.formUnion(stems)
            unionBigrams.formUnion(passage.bigrams)
            unionNumbers.formUnion(passage.numbers)
            unionNames.formUnion(passage.names)
            unionNames.formUnion(stems)  // a name may be written in lower case in the source
            recallBest = max(recallBest, Self.recall(claimStems, in: stems))
        }
        let weights = Dictionary(claimStems.map { stem in (stem, index.map { $0.idf(stem) } ?? 1) }) { a, _ in a }
        let stemsOfPassages = passages.map(\.stemSet)
        var bestPair = Self.weightedRecall(claimStems, in: stemsOfPassages.first ?? [], weights: weights)
        for (i, first) in stemsOfPassages.enumerated() {
            bestPair = max(bestPair, Self.weightedRecall(claimStems, in: first, weights: weights))
            for second in stemsOfPassages.dropFirst(i + 1) {
                bestPair = max(bestPair, Self.weightedRecall(claimStems, in: first.union(second), weights: weights))
            }
        }
        let unmatched = claimStems.subtracting(union)
        let inSources = index.map { index in Set(claimStems.filter { index.contains($0) || union.contains($0) }) } ?? union
        let bestIndex = evidence.indices.max { evidence[$0].cosine < evidence[$1].cosine }
        let negationMismatch = bestIndex.map { passages[$0].isNegated != facts.isNegated } ?? false
        values = [
            recallBest,
            Self.recall(claimStems, in: union),
            Self.recall(facts.bigrams, in: unionBigrams),
            Self.recall(facts.numbers, in: unionNumbers),
            facts.numbers.isEmpty ? 0 : 1,
            Self.recall(facts.names.map { unionNames.contains($0) || unionNames.contains(TextFacts.stem($0)) }),
            negationMismatch ? 1 : 0,
            bestIndex.map { evidence[$0].cosine } ?? 0,
            evidence.first?.cosine ?? 0,
            log(Double(max(1, claimStems.count))),
            Self.weightedRecall(claimStems, in: union, weights: weights),
            bestPair,
            Self.weightedRecall(claimStems, in: inSources, weights: weights),
            unmatched.map { weights[$0] ?? 1 }.max() ?? 0,
            log(1 + Double(unmatched.count)),
            Self.recall(facts.years, in: passages.reduce(into: Set<String>()) { $0.formUnion($1.years) }),
        ] + Self.scopeFeatures(claim, evidence: evidence, claimStems: claimStems, stemsOfPassages: stemsOfPassages,
                               names: Set(facts.names.map(TextFacts.stem)))
        conflict = Self.conflict(facts, evidence: evidence, passages: passages, similarity: conflictSimilarity,
                                 stated: unionNumbers.union(unionNames))
    }

    /// Negation scope mismatch and name order reversal against the passage that covers most of
    /// the claim (the one a reader would hold it against).
    private static func scopeFeatures(_ claim: String, evidence: [Evidence], claimStems: Set<String>,
                                      stemsOfPassages: [Set<String>], names: Set<String>) -> [Double] {
        guard let best = stemsOfPassages.indices.max(by: {
            (stemsOfPassages[$0].intersection(claimStems).count, -$0) < (stemsOfPassages[$1].intersection(claimStems).count, -$1)
        }) else { return [0, 0] }
        let claimScope = NegationScope(claim)
        let passageScope = NegationScope(evidence[best].passage.text)
        let shared = claimStems.intersection(stemsOfPassages[best])
        return [NegationScope.mismatch(claimScope, passageScope, shared: shared),
                NegationScope.reversal(claimScope, passageScope, names: names)]
    }

    /// Creates features from values (for fitting and tests).
    public init(values: [Double]) {
        self.values = values
        conflict = nil
    }

    /// Share of `items` found in `pool` (1 when there is nothing to find).
    static func recall(_ items: Set<String>, in pool: Set<String>) -> Double {
        guard !items.isEmpty else { return 1 }
        return Double(items.filter(pool.contains).count) / Double(items.count)
    }

    /// Weighted share of `items` found in `pool` (1 when there is nothing to find).
    static func weightedRecall(_ items: Set<String>, in pool: Set<String>, weights: [String: Double]) -> Double {
        let total = items.reduce(0) { $0 + (weights[$1] ?? 1) }
        guard total > 0 else { return 1 }
        return items.filter(pool.contains).reduce(0) { $0 + (weights[$1] ?? 1) } / total
    }

    /// Share of true values (1 when there are none).
    static func recall(_ found: [Bool]) -> Double {
        found.isEmpty ? 1 : Double(found.filter { $0 }.count) / Double(found.count)
    }

    /// A number or name conflict inside a passage at least `similarity` close to the claim.
    /// Only a number or name that no evidence passage states counts (`stated`: every number,
    /// name and word of the evidence).
    private static func conflict(_ facts: TextFacts, evidence: [Evidence], passages: [TextFacts],
                                 similarity: Double, stated: Set<String>) -> Conflict? {
        for (item, passage) in zip(evidence, passages) where item.cosine >= similarity {
            let missingNumbers = facts.numbers.subtracting(stated)
            let otherNumbers = passage.numbers.subtracting(facts.numbers)
            if let claimed = missingNumbers.sorted().first, let instead = otherNumbers.sorted().first {
                return Conflict(evidence: item, detail: "number \(claimed) vs \(instead)")
            }
            let missingNames = facts.names.filter { !stated.contains($0) && !stated.contains(TextFacts.stem($0)) }
            let otherNames = passage.names.subtracting(facts.names).filter { !facts.stemSet.contains(TextFacts.stem($0)) }
            let rest = facts.stemSet.subtracting(facts.names.map(TextFacts.stem))
            if let claimed = missingNames.sorted().first, let instead = otherNames.sorted().first,
               recall(rest, in: passage.stemSet) >= 0.8 {
                return Conflict(evidence: item, detail: "name \(claimed) vs \(instead)")
            }
        }
        return nil
    }
}
