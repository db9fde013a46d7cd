/// A judge's verdict on one claim.
public struct Judgement: Sendable, Equatable, Codable {
    /// The verdict.
    public enum Label: String, Sendable, Equatable, Codable {
        /// The evidence states the claim.
        case supported
        /// The evidence does not state the claim.
        case unsupported
        /// A number, date or name of the claim conflicts with a highly similar passage.
        case contradicted
    }

    /// The verdict.
    public var label: Label
    /// How strongly the evidence supports the claim, 0 to 1.
    public var score: Double
    /// The part of the evidence the verdict rests on, when the judge names one.
    public var quote: String?

    /// Whether the claim counts as supported.
    public var isSupported: Bool { label == .supported }

    /// Creates a verdict.
    public init(label: Label, score: Double, quote: String? = nil) {
        self.label = label
        self.score = min(1, max(0, score))
        self.quote = quote
    }
}
