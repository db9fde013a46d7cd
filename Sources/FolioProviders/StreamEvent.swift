/// What a streaming completion yields, in order: text deltas, then usage and a finish reason.
public enum StreamEvent: Sendable, Equatable {
    /// The next piece of generated text.
    case text(String)
    /// Token usage reported by the provider.
    case usage(TokenUsage)
    /// Why generation stopped.
    case finish(FinishReason)
}

/// Token counts of one call (or a sum of calls), with their cost when prices are known.
public struct TokenUsage: Sendable, Equatable, Codable {
    /// Tokens in the prompt.
    public var promptTokens: Int
    /// Tokens generated.
    public var completionTokens: Int
    /// What the tokens cost in US dollars, from the configured price table; `nil` when no
    /// price is known for the tier.
    public var costUSD: Double?
    /// `true` when some of these counts are a rough estimate (about four characters a
    /// token) because the provider reported no usage; `nil` when all were reported.
    public var estimated: Bool?

    /// Creates a usage record.
    public init(promptTokens: Int, completionTokens: Int, costUSD: Double? = nil, estimated: Bool? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costUSD = costUSD
        self.estimated = estimated
    }

    /// Prompt and completion tokens together.
    public var totalTokens: Int { promptTokens + completionTokens }

    /// Sums two usages; the cost is summed where known and the result is estimated if either part is.
    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        let cost: Double? = lhs.costUSD == nil && rhs.costUSD == nil ? nil : (lhs.costUSD ?? 0) + (rhs.costUSD ?? 0)
        return TokenUsage(promptTokens: lhs.promptTokens + rhs.promptTokens,
                          completionTokens: lhs.completionTokens + rhs.completionTokens,
                          costUSD: cost,
                          estimated: lhs.estimated == true || rhs.estimated == true ? true : nil)
    }

    /// A rough count for text the provider did not report usage for: about four characters a token.
    public static func estimate(promptCharacters: Int, completionCharacters: Int) -> TokenUsage {
        TokenUsage(promptTokens: (promptCharacters + 3) / 4, completionTokens: (completionCharacters + 3) / 4,
                   estimated: true)
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

    /// The caller stopped reading before the answer ended (a cached answer of a request with
    /// ``ChatRequest/keepsCutAnswer``); like ``length``, it can be continued.
    public static let cut = FinishReason.other("cut")

    /// Maps the provider's wire value (`stop`, `length`, `max_tokens`, …).
    public init(wireValue: String) {
        switch wireValue {
        case "stop", "end_turn", "stop_sequence", "STOP": self = .stop
        case "length", "max_tokens", "MAX_TOKENS": self = .length
        default: self = .other(wireValue)
        }
    }

    /// The reason as one word: `stop`, `length`, or the provider's own value; it reads back
    /// through ``init(wireValue:)`` as itself.
    public var name: String {
        switch self {
        case .stop: "stop"
        case .length: "length"
        case .other(let value): value
        }
    }
}
