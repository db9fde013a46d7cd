import FolioCore
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

    /// The profile of `provider` from settings (`CONTEXT_WINDOW_*`, `TOKEN_MARGIN_*`,
    /// `LOCAL_CONTEXT_SIZE`).
    public init(provider: String, settings: Settings) {
        self.provider = provider
        contextWindow = provider == "local"
            ? settings.local.contextSize
            : settings.context.windows[provider] ?? Settings.Context.defaultWindows["openai-compatible"]!
        margin = settings.context.margins[provider] ?? 1.2
    }

    /// The profile that fits every tier of a fallback chain: the smallest window in cl100k
    /// tokens, so that a context built for it suits whichever tier answers.
    public static func strictest(of tiers: [String], settings: Settings) -> TokenProfile {
        let profiles = (tiers.isEmpty ? ["local"] : tiers).map { TokenProfile(provider: $0, settings: settings) }
        return profiles.min { (Double($0.contextWindow) / $0.margin, $0.provider) < (Double($1.contextWindow) / $1.margin, $1.provider) }!
    }

    /// The model's own tokenizer when Folio can run it: the bundled local model's, read from
    /// its GGUF file (exact, no margin). `nil` for other tiers, for a local tier served from
    /// `LOCAL_BASE_URL` (its model is unknown), or when the file's tokenizer is not byte-level BPE.
    public func nativeCounter(_ settings: Settings) -> (any TokenCounter)? {
        guard provider == "local", settings.local.baseURL == nil else { return nil }
        return try? GGUFTokenizer.shared(ggufFile: settings.local.modelPath)
    }

    /// `base` with this profile's margin applied.
    public func counter(_ base: any TokenCounter) -> any TokenCounter {
        margin == 1 ? base : ScaledTokenCounter(base, margin: margin)
    }
}
