/// The default judge: a calibrated logistic scorer over `ClaimFeatures`, no model call.
///
/// "Contradicted" is said only when a number, date or name of the claim conflicts inside a
/// passage at least `conflictSimilarity` close to it (and no other evidence states it), whatever
/// the score; otherwise a claim below the threshold is "unsupported".
public struct OfflineJudge: ClaimJudge {
    /// The fitted model.
    public let model: JudgeModel
    /// Cosine a passage needs for a conflict in it to be a contradiction.
    public let conflictSimilarity: Double

    /// Creates a judge with `model` (the bundled one by default).
    public init(model: JudgeModel? = nil, conflictSimilarity: Double = 0.8) throws {
        self.model = try model ?? JudgeModel.bundled()
        self.conflictSimilarity = conflictSimilarity
    }

    public func judge(_ claim: Claim, evidence: [Evidence]) async throws -> Judgement {
        judgeSynchronously(claim.text, evidence: evidence)
    }

    public func judge(_ claim: Claim, evidence: [Evidence], in index: EvidenceIndex) async throws -> Judgement {
        judgeSynchronously(claim.text, evidence: evidence, index: index)
    }

    /// The support score of `features`: the model's, held below the threshold when a number or
    /// name conflicts, since a near-identical sentence stating another one outweighs any overlap.
    public func score(_ features: ClaimFeatures) -> Double {
        score(features.values, conflicting: features.conflict != nil)
    }

    /// The support score of feature values, with or without a conflict.
    public func score(_ values: [Double], conflicting: Bool) -> Double {
        let score = model.score(values)
        return conflicting ? min(score, model.threshold / 2) : score
    }

    /// The verdict, computed on the calling thread.
    public func judgeSynchronously(_ claim: String, evidence: [Evidence], index: EvidenceIndex? = nil) -> Judgement {
        let features = ClaimFeatures(claim: claim, evidence: evidence, index: index, conflictSimilarity: conflictSimilarity)
        let score = score(features)
        if let conflict = features.conflict {
            return Judgement(label: .contradicted, score: score, quote: conflict.evidence.passage.text)
        }
        if score >= model.threshold {
            return Judgement(label: .supported, score: score, quote: evidence.max { $0.cosine < $1.cosine }?.passage.text)
        }
        return Judgement(label: .unsupported, score: score, quote: nil)
    }
}
