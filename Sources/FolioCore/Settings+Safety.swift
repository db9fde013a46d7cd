import Foundation

extension Settings {
    /// The hallucination and safety chain.
    public struct Safety: Sendable {
        /// `auto` (the model judge when a hosted tier is configured), `offline` or `model`.
        public var judge: String = "auto"
        /// What to do with unsupported claims: `report`, `mark`, `remove` or `rewrite`.
        public var action: String = "report"
        /// A text below this confidence is not safe (and a post is not exported without --force).
        public var minimumConfidence: Double = 0.5
        /// Evidence passages kept per claim.
        public var evidencePerClaim: Int = 5
        /// Terms that must not appear in generated text.
        public var bannedTerms: [String] = []
    }

    mutating func readSafety(_ read: SettingsParser) throws {
        if let judge = read.string("SAFETY_JUDGE")?.lowercased() {
            guard ["auto", "offline", "model"].contains(judge) else {
                throw FolioError.badInput("SAFETY_JUDGE must be auto, offline or model; got '\(judge)'")
            }
            safety.judge = judge
        }
        if let action = read.string("SAFETY_ACTION")?.lowercased() {
            guard ["report", "mark", "remove", "rewrite"].contains(action) else {
                throw FolioError.badInput("SAFETY_ACTION must be report, mark, remove or rewrite; got '\(action)'")
            }
            safety.action = action
        }
        safety.minimumConfidence = try read.double("SAFETY_MIN_CONFIDENCE", in: 0...1) ?? safety.minimumConfidence
        safety.evidencePerClaim = try read.int("SAFETY_TOP_K", in: 1...50) ?? safety.evidencePerClaim
        if let terms = read.string("SAFETY_BANNED_TERMS") {
            safety.bannedTerms = terms.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
    }
}
