import FolioCore

/// The provider tier names Folio knows, the wire format each speaks, and how each is built.
public enum ProviderCatalog {
    /// The wire protocols a tier can speak.
    public enum Format: String, Sendable {
        /// OpenAI's Chat Completions (`/chat/completions`, SSE).
        case openAI = "openai"
        /// Anthropic's Messages (`/v1/messages`, SSE).
        case anthropic
        /// Gemini's `streamGenerateContent?alt=sse`.
        case gemini
        /// Ollama's `/api/chat` (NDJSON).
        case ollama
    }

    /// Every name accepted in `--provider` / `FOLIO_PROVIDERS`.
    public static let known = ["openai", "anthropic", "gemini", "groq", "openrouter", "ollama", "local", "openai-compatible"]
    /// The OpenAI-style tiers, all served by `OpenAICompatibleProvider`.
    public static let openAIStyle: Set = ["openai", "groq", "openrouter", "openai-compatible"]
    /// Tiers that work without a key.
    public static let keyless: Set = ["openai-compatible", "ollama", "local"]

    /// The wire format of a known tier.
    public static func format(of tier: String) -> Format {
        switch tier {
        case "anthropic": .anthropic
        case "gemini": .gemini
        case "ollama": .ollama
        default: .openAI
        }
    }

    /// Checks a tier list, with a one-line reason for the first bad name.
    public static func validate(_ tiers: [String]) throws {
        guard !tiers.isEmpty else { throw FolioError.badInput("no provider tier given") }
        for tier in tiers where !known.contains(tier) {
            throw FolioError.badInput("unknown provider '\(tier)'; choose from \(known.joined(separator: ", "))")
        }
        if let repeated = tiers.first(where: { tier in tiers.filter { $0 == tier }.count > 1 }) {
            throw FolioError.badInput("provider '\(repeated)' is listed twice")
        }
    }

    /// The environment variable holding a tier's key, e.g. `ANTHROPIC_API_KEY`.
    public static func keyName(of tier: String) -> String {
        Settings.endpointNames[tier]?.key ?? tier.uppercased().replacingOccurrences(of: "-", with: "_") + "_API_KEY"
    }

    /// The client for a hosted (non-`local`) tier, speaking its format to `endpoint`.
    public static func provider(
        _ tier: String, endpoint: Endpoint, transport: any Transport, network: Settings.Network
    ) -> any LanguageModelProvider {
        let connect = network.connectTimeoutSeconds, idle = network.idleTimeoutSeconds
        switch format(of: tier) {
        case .openAI:
            return OpenAICompatibleProvider(name: tier, endpoint: endpoint, transport: transport,
                                            connectTimeout: connect, idleTimeout: idle)
        case .anthropic:
            return AnthropicProvider(name: tier, endpoint: endpoint, transport: transport,
                                     connectTimeout: connect, idleTimeout: idle)
        case .gemini:
            return GeminiProvider(name: tier, endpoint: endpoint, transport: transport,
                                  connectTimeout: connect, idleTimeout: idle)
        case .ollama:
            return OllamaProvider(name: tier, endpoint: endpoint, transport: transport,
                                  connectTimeout: connect, idleTimeout: idle)
        }
    }
}

extension ProviderChain.Configuration {
    /// The chain limits from settings, naming each tier's key variable in auth failures.
    public init(_ settings: Settings) {
        self.init()
        let resilience = settings.resilience
        maxRetries = resilience.maxRetries
        maxRateLimitRetries = resilience.rateLimitRetries
        baseDelay = .milliseconds(Int64(resilience.baseDelaySeconds * 1000))
        maxDelay = .milliseconds(Int64(resilience.maxDelaySeconds * 1000))
        retryAfterCap = .milliseconds(Int64(resilience.retryAfterCapSeconds * 1000))
        jitter = resilience.jitter
        breakerThreshold = resilience.breakerThreshold
        breakerCooldown = .milliseconds(Int64(resilience.breakerCooldownSeconds * 1000))
        for tier in ProviderCatalog.known where tier != "local" {
            credentialNames[tier] = ProviderCatalog.keyName(of: tier)
        }
        secrets = settings.endpoints.values.compactMap(\.apiKey)
        prices = settings.prices
        estimatesMissingUsage = true
    }
}
