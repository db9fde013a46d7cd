import FolioSafety
import Foundation

/// The meaning-level check of one piece of a post before it is kept: the safety chain's judge
/// over the post's sources (the evidence index built once per post), so a sentence whose words
/// all come from the sources but whose claim does not ("The result is not a model") is asked
/// again instead of being saved and flagged afterwards.
///
/// The same index serves the check of the whole post, so what the pieces passed is what the
/// saved version's safety report measures.
struct PieceSupport: Sendable {
    /// What the judge made of one piece.
    struct Verdict: Sendable, Equatable {
        /// Every claim of the piece supported (a piece making no checkable claim, such as a
        /// question, passes).
        var supported: Bool
        /// The lowest judge score of its claims; 1 when it makes none.
        var score: Double
    }

    /// The chain whose judge decides.
    let chain: SafetyChain
    /// The post's sources, indexed once.
    let index: EvidenceIndex

    /// Indexes `sources` for `chain`.
    static func build(chain: SafetyChain, sources: [SourceDocument]) async throws -> PieceSupport {
        let index = try await EvidenceIndex.build(documents: sources, embedder: chain.embedder, options: chain.options.evidence)
        return PieceSupport(chain: chain, index: index)
    }

    /// The judge's verdict on `piece`; a policy finding (a secret, personal data, a banned
    /// term) fails it too.
    func verdict(_ piece: String) async throws -> Verdict {
        let report = try await chain.check(text: piece, index: index)
        let score = report.claims.map(\.score).min() ?? 1
        return Verdict(supported: report.policy.isEmpty && report.claims.allSatisfy(\.supported), score: score)
    }

    /// `text` with every secret and personal datum the chain's policy finds masked as its
    /// reports mask them, so a refused piece can be logged and kept without what it leaked.
    func masked(_ text: String) -> String {
        chain.policy.locate(text).filter { $0.finding.type != .bannedTerm }
            .map { (raw: String(text[$0.range]), masked: $0.finding.text) }
            .reduce(text) { $0.replacingOccurrences(of: $1.raw, with: $1.masked) }
    }
}
