/// What to do with claims the sources do not support (`SAFETY_ACTION`).
public enum SafetyAction: String, Sendable, Equatable, Codable, CaseIterable {
    /// Ask the model to rewrite the sentence from its evidence, re-check it, and remove it if
    /// the rewrite is still unsupported.
    case rewrite
    /// Remove the sentence.
    case remove
    /// Keep the sentence, followed by an `[unverified]` mark.
    case mark
    /// Change nothing; the report lists the unsupported claims.
    case report
}
