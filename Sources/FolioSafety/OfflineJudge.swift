/// The default judge: a calibrated logistic scorer over `ClaimFeatures`, no model call.
///
/// "Contradicted" is said only when a number, date or name of the claim conflicts inside a
/// passage at least `conflictSimilarity` close to it; otherwise a claim below the threshold is
/// "unsupported".
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

    /// The verdict, computed on the calling thread.
    public func judgeSynchronously(_ claim: String, evidence: [Evidence]) -> Judgement {
        let features = ClaimFeatures(claim: claim, evidence: evidence, conflictSimilarity: conflictSimilarity)
        let score = model.score(features.values)
        let best = evidence.max { $0.cosine < $1.cosine }
        if score >= model.threshold {
            return Judgement(label: .supported, score: score, quote: best?.passage.text)
        }
        if let conflict = features.conflict {
            return Judgement(label: .contradicted, score: score, quote: conflict.evidence.passage.text)
        }
        return Judgement(label: .unsupported, score: score, quote: nil)
    }
}
