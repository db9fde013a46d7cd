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

    /// What a provider charges, in US dollars per million tokens.
    public struct Price: Sendable, Equatable {
        /// Per million prompt tokens (`PRICE_<PROVIDER>_INPUT_PER_MTOK`).
        public var inputPerMillion: Double
        /// Per million generated tokens (`PRICE_<PROVIDER>_OUTPUT_PER_MTOK`).
        public var outputPerMillion: Double

        /// Creates a price.
        public init(inputPerMillion: Double, outputPerMillion: Double) {
            self.inputPerMillion = inputPerMillion
            self.outputPerMillion = outputPerMillion
        }

        /// The cost of `promptTokens` in and `completionTokens` out.
        public func cost(promptTokens: Int, completionTokens: Int) -> Double {
            (Double(promptTokens) * inputPerMillion + Double(completionTokens) * outputPerMillion) / 1_000_000
        }
    }

    /// List prices of each provider's default model; local models cost nothing.
    public static let defaultPrices: [String: Price] = [
        "openai": Price(inputPerMillion: 0.15, outputPerMillion: 0.60),
        "anthropic": Price(inputPerMillion: 0.80, outputPerMillion: 4.00),
        "gemini": Price(inputPerMillion: 0.10, outputPerMillion: 0.40),
        "groq": Price(inputPerMillion: 0.05, outputPerMillion: 0.08),
        "openrouter": Price(inputPerMillion: 0.15, outputPerMillion: 0.60),
        "openai-compatible": Price(inputPerMillion: 0, outputPerMillion: 0),
        "ollama": Price(inputPerMillion: 0, outputPerMillion: 0),
        "local": Price(inputPerMillion: 0, outputPerMillion: 0),
    ]

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

    mutating func readPrices(_ read: SettingsParser) throws {
        for provider in Self.defaultPrices.keys {
            let stem = "PRICE_" + provider.uppercased().replacingOccurrences(of: "-", with: "_")
            var price = prices[provider] ?? Price(inputPerMillion: 0, outputPerMillion: 0)
            price.inputPerMillion = try read.double(stem + "_INPUT_PER_MTOK", in: 0...10_000) ?? price.inputPerMillion
            price.outputPerMillion = try read.double(stem + "_OUTPUT_PER_MTOK", in: 0...10_000) ?? price.outputPerMillion
            prices[provider] = price
        }
    }
}
