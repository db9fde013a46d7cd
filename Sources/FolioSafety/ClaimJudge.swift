/// Decides whether evidence supports a claim.
public protocol ClaimJudge: Sendable {
    /// The verdict on `claim` given its evidence, best first.
    func judge(_ claim: Claim, evidence: [Evidence]) async throws -> Judgement
}
