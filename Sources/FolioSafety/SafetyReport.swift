import Foundation

/// The result of checking a text: each claim with its verdict and evidence, policy findings,
/// a confidence and whether the text is safe to publish. Encodes to the shape of
/// `folio safety check --json`.
public struct SafetyReport: Sendable, Equatable, Codable {
    /// One checked claim.
    public struct ClaimResult: Sendable, Equatable, Codable {
        /// The claim.
        public var text: String
        /// Line of the checked text it starts on.
        public var line: Int
        /// Whether the evidence supports it.
        public var supported: Bool
        /// `supported`, `unsupported` or `contradicted`.
        public var label: Judgement.Label
        /// Judge score, 0 to 1.
        public var score: Double
        /// What the verdict rests on, when the judge says.
        public var quote: String?
        /// The best evidence, best first.
        public var evidence: [EvidenceReference]
        /// The sentence the claim comes from, as written (not encoded: it may hold what the
        /// report redacts).
        public var sentence: String = ""

        enum CodingKeys: String, CodingKey {
            case text, line, supported, label, score, quote, evidence
        }

        /// Creates a result.
        public init(claim: Claim, judgement: Judgement, evidence: [Evidence]) {
            text = claim.text
            line = claim.line
            supported = judgement.isSupported
            label = judgement.label
            score = (judgement.score * 1000).rounded() / 1000
            quote = judgement.quote
            self.evidence = evidence.map(EvidenceReference.init)
            sentence = claim.sentence
        }
    }

    /// Where a piece of evidence is.
    public struct EvidenceReference: Sendable, Equatable, Codable {
        /// Source file.
        public var file: String
        /// First line (1-based).
        public var firstLine: Int
        /// Last line (inclusive).
        public var lastLine: Int
        /// The passage.
        public var text: String
        /// MiniLM cosine similarity with the claim.
        public var score: Double

        /// Creates a reference to `evidence`.
        public init(_ evidence: Evidence) {
            file = evidence.passage.file
            firstLine = evidence.passage.firstLine
            lastLine = evidence.passage.lastLine
            text = evidence.passage.text
            score = (evidence.cosine * 1000).rounded() / 1000
        }

        enum CodingKeys: String, CodingKey {
            case file, text, score
            case firstLine = "first_line"
            case lastLine = "last_line"
        }
    }

    /// No blocking policy finding, no contradicted claim, and confidence at or above the minimum.
    public var isSafe: Bool
    /// Share of checkable claims supported, weighted by judge score; 0 when policy blocks.
    public var confidence: Double
    /// Every checkable claim.
    public var claims: [ClaimResult]
    /// Every policy finding.
    public var policy: [PolicyFinding]

    /// Creates a report; `isSafe` and `confidence` follow from the claims and findings.
    public init(claims: [ClaimResult], policy: [PolicyFinding], minimumConfidence: Double) {
        self.claims = claims
        self.policy = policy
        let blocked = policy.contains(where: \.blocking)
        let raw = claims.isEmpty ? 1 : claims.reduce(0) { $0 + ($1.supported ? $1.score : 0) } / Double(claims.count)
        confidence = blocked ? 0 : (raw * 1000).rounded() / 1000
        isSafe = !blocked && confidence >= minimumConfidence && !claims.contains { $0.label == .contradicted }
    }

    /// Claims the evidence does not support (unsupported or contradicted).
    public var unsupportedClaims: [ClaimResult] { claims.filter { !$0.supported } }

    enum CodingKeys: String, CodingKey {
        case claims, policy, confidence
        case isSafe = "is_safe"
    }
}
