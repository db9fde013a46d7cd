import FolioTokenizers

/// What a provider tier's model can take: its context window, and how Folio counts its tokens
/// (cl100k times a safety margin; exactly cl100k for OpenAI's models).
public struct TokenProfile: Sendable, Equatable {
    /// The tier's name (`local`, `openai`, …).
    public var provider: String
    /// Its context window, in tokens.
    public var contextWindow: Int
    /// Factor on cl100k counts (1 when cl100k is the model's own tokenizer).
    public var margin: Double

    /// Creates a profile.
    public init(provider: String, contextWindow: Int, margin: Double) {
        self.provider = provider
        self.contextWindow = contextWindow
        self.margin = margin
    }

    /// The profile that fits every tier of a fallback chain: the smallest window in cl100k
    /// tokens, so that a context built for it suits whichever tier answers.
    public static func strictest(of profiles: [TokenProfile]) -> TokenProfile? {
        profiles.min { (Double($0.contextWindow) / $0.margin, $0.provider) < (Double($1.contextWindow) / $1.margin, $1.provider) }
    }

    /// `base` with this profile's margin applied.
    public func counter(_ base: any TokenCounter) -> any TokenCounter {
        margin == 1 ? base : ScaledTokenCounter(base, margin: margin)
    }
}
