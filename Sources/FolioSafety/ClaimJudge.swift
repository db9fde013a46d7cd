/// Decides whether evidence supports a claim.
public protocol ClaimJudge: Sendable {
    /// The verdict on `claim` given its evidence, best first.
    func judge(_ claim: Claim, evidence: [Evidence]) async throws -> Judgement

    /// The verdict on `claim` given its evidence, best first, found in `index` (a judge may use
    /// the sources as a whole, e.g. how rare a word is there). Defaults to the one above.
    func judge(_ claim: Claim, evidence: [Evidence], in index: EvidenceIndex) async throws -> Judgement
}

extension ClaimJudge {
    /// The verdict without the index.
    public func judge(_ claim: Claim, evidence: [Evidence], in index: EvidenceIndex) async throws -> Judgement {
        try await judge(claim, evidence: evidence)
    }
}
