/// What a streaming completion yields, in order: text deltas, then usage and a finish reason.
public enum StreamEvent: Sendable, Equatable {
    /// The next piece of generated text.
    case text(String)
    /// Token usage reported by the provider.
    case usage(TokenUsage)
    /// Why generation stopped.
    case finish(FinishReason)
}

/// Token counts of one call.
public struct TokenUsage: Sendable, Equatable, Codable {
    /// Tokens in the prompt.
    public var promptTokens: Int
    /// Tokens generated.
    public var completionTokens: Int

    /// Creates a usage record.
    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }

    /// Sums two usages.
    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(promptTokens: lhs.promptTokens + rhs.promptTokens,
                   completionTokens: lhs.completionTokens + rhs.completionTokens)
    }

    /// No tokens.
    public static let zero = TokenUsage(promptTokens: 0, completionTokens: 0)
}

/// Why a completion ended.
public enum FinishReason: Sendable, Equatable {
    /// The model finished naturally or hit a stop sequence.
    case stop
    /// The token limit cut the answer short; it can be continued.
    case length
    /// A content filter or another provider-specific reason.
    case other(String)

    /// Maps the provider's wire value (`stop`, `length`, `max_tokens`, …).
    public init(wireValue: String) {
        switch wireValue {
        case "stop", "end_turn", "stop_sequence", "STOP": self = .stop
        case "length", "max_tokens", "MAX_TOKENS": self = .length
        default: self = .other(wireValue)
        }
    }
}
