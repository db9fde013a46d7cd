import Foundation

extension Settings {
    /// How the provider chain retries, backs off and gives up on a tier.
    public struct Resilience: Sendable {
        /// Retries of a tier after 5xx, timeouts and broken streams (`RETRY_MAX`).
        public var maxRetries: Int = 2
        /// Retries of a tier after 429 rate limiting (`RATE_LIMIT_RETRIES`).
        public var rateLimitRetries: Int = 2
        /// Backoff before the first retry, doubled per retry (`RETRY_BASE_DELAY_SECONDS`).
        public var baseDelaySeconds: Double = 0.5
        /// Longest backoff (`RETRY_MAX_DELAY_SECONDS`).
        public var maxDelaySeconds: Double = 8
        /// Longest `Retry-After` honoured (`RETRY_AFTER_CAP_SECONDS`).
        public var retryAfterCapSeconds: Double = 30
        /// Random spread of each backoff, 0 to 1 (`RETRY_JITTER`).
        public var jitter: Double = 0.2
        /// Consecutive failures that open a tier's circuit (`CIRCUIT_BREAKER_THRESHOLD`).
        public var breakerThreshold: Int = 5
        /// Seconds an open circuit skips its tier before a probe (`CIRCUIT_BREAKER_COOLDOWN_SECONDS`).
        public var breakerCooldownSeconds: Double = 60
    }

    /// One hosted tier: where it lives, what it costs, and how much context its model takes.
    public struct HostedProvider: Sendable, Equatable {
        /// Base URL (`<NAME>_BASE_URL`, `OLLAMA_HOST`), key (`<NAME>_API_KEY`) and model (`<NAME>_MODEL`).
        public var endpoint: Endpoint
        /// Price per million tokens (`PRICE_<NAME>_INPUT_PER_MTOK`, `PRICE_<NAME>_OUTPUT_PER_MTOK`).
        public var price: TokenPrice
        /// The model's context window in tokens (`CONTEXT_WINDOW_<NAME>`).
        public var contextWindow: Int
        /// Factor on cl100k counts for a model whose own tokenizer Folio approximates (`TOKEN_MARGIN_<NAME>`).
        public var tokenMargin: Double

        /// Creates a tier's settings.
        public init(endpoint: Endpoint, price: TokenPrice, contextWindow: Int, tokenMargin: Double) {
            self.endpoint = endpoint
            self.price = price
            self.contextWindow = contextWindow
            self.tokenMargin = tokenMargin
        }
    }

    /// Built-in settings of every hosted tier: default endpoint and model, list prices of that
    /// model, its window, and its token margin. cl100k is OpenAI's own tokenizer; Claude's and
    /// Llama's give up to ~20% more tokens than cl100k on English prose, Gemini's about 10%.
    public static let defaultHosted: [ProviderName: HostedProvider] = [
        .openai: HostedProvider(
            endpoint: Endpoint(baseURL: "https://api.openai.com/v1", model: "gpt-4o-mini"),
            price: TokenPrice(inputPerMillion: 0.15, outputPerMillion: 0.60), contextWindow: 128_000, tokenMargin: 1.0),
        .anthropic: HostedProvider(
            endpoint: Endpoint(baseURL: "https://api.anthropic.com", model: "claude-3-5-haiku-latest"),
            price: TokenPrice(inputPerMillion: 0.80, outputPerMillion: 4.00), contextWindow: 200_000, tokenMargin: 1.2),
        .gemini: HostedProvider(
            endpoint: Endpoint(baseURL: "https://generativelanguage.googleapis.com", model: "gemini-2.0-flash"),
            price: TokenPrice(inputPerMillion: 0.10, outputPerMillion: 0.40), contextWindow: 1_000_000, tokenMargin: 1.1),
        .groq: HostedProvider(
            endpoint: Endpoint(baseURL: "https://api.groq.com/openai/v1", model: "llama-3.1-8b-instant"),
            price: TokenPrice(inputPerMillion: 0.05, outputPerMillion: 0.08), contextWindow: 131_072, tokenMargin: 1.2),
        .openrouter: HostedProvider(
            endpoint: Endpoint(baseURL: "https://openrouter.ai/api/v1", model: "openai/gpt-4o-mini"),
            price: TokenPrice(inputPerMillion: 0.15, outputPerMillion: 0.60), contextWindow: 128_000, tokenMargin: 1.0),
        .ollama: HostedProvider(
            endpoint: Endpoint(baseURL: "http://127.0.0.1:11434", model: "llama3.2"),
            price: .free, contextWindow: 8192, tokenMargin: 1.2),
        .openAICompatible: HostedProvider(
            endpoint: Endpoint(baseURL: "http://127.0.0.1:8080/v1", model: "default"),
            price: .free, contextWindow: 8192, tokenMargin: 1.2),
    ]

    /// What `tier` costs per million tokens.
    public func price(of tier: ProviderName) -> TokenPrice {
        tier == .local ? local.price : hosted[tier]?.price ?? .free
    }

    /// The context window of `tier`'s model, in tokens.
    public func contextWindow(of tier: ProviderName) -> Int {
        tier == .local ? local.contextSize : hosted[tier]?.contextWindow ?? 8192
    }

    /// The factor on cl100k counts for `tier`.
    public func tokenMargin(of tier: ProviderName) -> Double {
        tier == .local ? local.tokenMargin : hosted[tier]?.tokenMargin ?? 1.2
    }

    /// Every configured API key, for redaction.
    public var secrets: [Secret] { hosted.values.compactMap(\.endpoint.apiKey) }

    mutating func readResilience(_ read: SettingsParser) throws {
        resilience.maxRetries = try read.int("RETRY_MAX", in: 0...20) ?? resilience.maxRetries
        resilience.rateLimitRetries = try read.int("RATE_LIMIT_RETRIES", in: 0...20) ?? resilience.rateLimitRetries
        resilience.baseDelaySeconds = try read.double("RETRY_BASE_DELAY_SECONDS", in: 0...600)
            ?? resilience.baseDelaySeconds
        resilience.maxDelaySeconds = try read.double("RETRY_MAX_DELAY_SECONDS", in: 0...3600)
            ?? resilience.maxDelaySeconds
        resilience.retryAfterCapSeconds = try read.double("RETRY_AFTER_CAP_SECONDS", in: 0...3600)
            ?? resilience.retryAfterCapSeconds
        resilience.jitter = try read.double("RETRY_JITTER", in: 0...1) ?? resilience.jitter
        resilience.breakerThreshold = try read.int("CIRCUIT_BREAKER_THRESHOLD", in: 1...1000)
            ?? resilience.breakerThreshold
        resilience.breakerCooldownSeconds = try read.double("CIRCUIT_BREAKER_COOLDOWN_SECONDS", in: 0...86_400)
            ?? resilience.breakerCooldownSeconds
    }

    mutating func readProviders(_ read: SettingsParser) throws {
        for (tier, defaults) in Self.defaultHosted {
            var provider = hosted[tier] ?? defaults
            provider.endpoint.baseURL = read.string(tier.baseURLVariable) ?? provider.endpoint.baseURL
            provider.endpoint.apiKey = read.secret(tier.keyVariable).map(Secret.init)
            provider.endpoint.model = read.string(tier.modelVariable) ?? provider.endpoint.model
            provider.price = try Self.readPrice(read, tier: tier, default: provider.price)
            provider.contextWindow = try read.int("CONTEXT_WINDOW_\(tier.settingStem)", in: 256...100_000_000)
                ?? provider.contextWindow
            provider.tokenMargin = try read.double("TOKEN_MARGIN_\(tier.settingStem)", in: 1...4) ?? provider.tokenMargin
            hosted[tier] = provider
        }
        local.price = try Self.readPrice(read, tier: .local, default: local.price)
        local.tokenMargin = try read.double("TOKEN_MARGIN_LOCAL", in: 1...4) ?? local.tokenMargin
    }

    private static func readPrice(_ read: SettingsParser, tier: ProviderName, default price: TokenPrice) throws -> TokenPrice {
        let stem = "PRICE_" + tier.settingStem
        return TokenPrice(
            inputPerMillion: try read.double(stem + "_INPUT_PER_MTOK", in: 0...10_000) ?? price.inputPerMillion,
            outputPerMillion: try read.double(stem + "_OUTPUT_PER_MTOK", in: 0...10_000) ?? price.outputPerMillion)
    }
}
