/// The safety check of a chapter as `book.json` keeps it: what it was checked against, the
/// verdict, the claims that failed, policy findings and what a rewrite changed.
public struct ChapterSafety: Sendable, Equatable, Codable {
    /// A claim that failed, with the passage closest to it.
    public struct FlaggedClaim: Sendable, Equatable, Codable {
        /// The claim.
        public var text: String
        /// Line of the chapter body it is on.
        public var line: Int
        /// `unsupported` or `contradicted`.
        public var label: String
        /// Judge score, 0 to 1.
        public var score: Double
        /// The closest passage, as `file:first-last`.
        public var evidence: String?
        /// That passage's text.
        public var evidenceText: String?

        /// Creates a flagged claim.
        public init(text: String, line: Int, label: String, score: Double, evidence: String?, evidenceText: String?) {
            self.text = text
            self.line = line
            self.label = label
            self.score = score
            self.evidence = evidence
            self.evidenceText = evidenceText
        }
    }

    /// A policy finding (secrets and personal data masked).
    public struct Finding: Sendable, Equatable, Codable {
        /// `secret`, `personal_data` or `banned_term`.
        public var type: String
        /// The rule that found it.
        public var rule: String
        /// What was found, masked.
        public var text: String
        /// Whether it blocks publication.
        public var blocking: Bool

        /// Creates a finding.
        public init(type: String, rule: String, text: String, blocking: Bool) {
            self.type = type
            self.rule = rule
            self.text = text
            self.blocking = blocking
        }
    }

    /// A sentence a rewrite changed.
    public struct Change: Sendable, Equatable, Codable {
        /// `rewritten`, `removed`, `marked` or `redacted`.
        public var kind: String
        /// The sentence before.
        public var original: String
        /// The sentence after; nil when removed.
        public var replacement: String?

        /// Creates a change.
        public init(kind: String, original: String, replacement: String?) {
            self.kind = kind
            self.original = original
            self.replacement = replacement
        }
    }

    /// `report` or `rewrite`.
    public var mode: String
    /// What the chapter was checked against: `earlier-chapters`, `sources`.
    public var checkedAgainst: [String]
    /// No blocking finding, no contradicted claim, confidence at or above the minimum.
    public var isSafe: Bool
    /// With sources: the share of claims supported, weighted by score; continuity alone: the
    /// share of claims no earlier chapter contradicts. 0 when policy blocks.
    public var confidence: Double
    /// Checkable claims.
    public var claims: Int
    /// Claims no passage supports.
    public var unsupported: Int
    /// Claims a near-identical passage states with another number, date or name.
    public var contradicted: Int
    /// The claims that failed (contradicted first; with sources, unsupported too).
    public var flagged: [FlaggedClaim]
    /// Policy findings.
    public var policy: [Finding]
    /// What a rewrite changed; empty in `report` mode.
    public var changes: [Change]
    /// Seconds the check (and rewrite) took.
    public var seconds: Double

    /// Share of claims that failed: contradicted ones, and with sources unsupported ones too.
    public var failedClaimRate: Double {
        guard claims > 0 else { return 0 }
        let failed = checkedAgainst.contains("sources") ? unsupported + contradicted : contradicted
        return (Double(failed) / Double(claims) * 1000).rounded() / 1000
    }

    /// Creates a record.
    public init(mode: String, checkedAgainst: [String], isSafe: Bool, confidence: Double, claims: Int,
                unsupported: Int, contradicted: Int, flagged: [FlaggedClaim], policy: [Finding], changes: [Change],
                seconds: Double) {
        self.mode = mode
        self.checkedAgainst = checkedAgainst
        self.isSafe = isSafe
        self.confidence = confidence
        self.claims = claims
        self.unsupported = unsupported
        self.contradicted = contradicted
        self.flagged = flagged
        self.policy = policy
        self.changes = changes
        self.seconds = seconds
    }
}
