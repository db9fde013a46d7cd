import Foundation
import Testing
@testable import FolioCore

/// Settings of the provider tiers, the fallback chain, prices and the token budget.
@Suite struct ProviderSettingsTests {
    @Test func everyHostedTierHasADefaultEndpoint() async throws {
        let settings = try await Settings.load(environment: [:], configFile: nil)
        #expect(settings.hosted[.anthropic]?.endpoint == Endpoint(baseURL: "https://api.anthropic.com", model: "claude-3-5-haiku-latest"))
        #expect(settings.hosted[.gemini]?.endpoint.baseURL == "https://generativelanguage.googleapis.com")
        #expect(settings.hosted[.ollama]?.endpoint.baseURL == "http://127.0.0.1:11434")
        #expect(Set(settings.hosted.keys) == Set(ProviderName.allCases.filter(\.isHosted)))
        #expect(settings.contextWindow(of: .gemini) == 1_000_000)
        #expect(settings.contextWindow(of: .local) == 4096)
        #expect(settings.tokenMargin(of: .openai) == 1.0)
        #expect(settings.resilience.maxRetries == 2)
        #expect(settings.books.tokenBudget == 0)
        #expect(settings.price(of: .local) == TokenPrice(inputPerMillion: 0, outputPerMillion: 0))
    }

    @Test func endpointsKeysAndLimitsComeFromTheEnvironment() async throws {
        let settings = try await Settings.load(environment: [
            "ANTHROPIC_API_KEY": "sk-ant-test", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9000", "GEMINI_MODEL": "gemini-x",
            "OLLAMA_HOST": "127.0.0.1:11500", "RETRY_MAX": "5", "RETRY_AFTER_CAP_SECONDS": "12",
            "CIRCUIT_BREAKER_THRESHOLD": "3", "PRICE_ANTHROPIC_OUTPUT_PER_MTOK": "15", "BOOK_TOKEN_BUDGET": "50000",
            "CONTEXT_WINDOW_OPENAI_COMPATIBLE": "32000", "TOKEN_MARGIN_LOCAL": "1.5",
        ], configFile: nil)
        let anthropic = try #require(settings.hosted[.anthropic]?.endpoint)
        #expect(anthropic.apiKey?.value == "sk-ant-test")
        #expect("\(anthropic.apiKey!)" == "<redacted>")
        #expect(anthropic.baseURL == "http://127.0.0.1:9000")
        #expect(settings.hosted[.gemini]?.endpoint.model == "gemini-x")
        #expect(settings.hosted[.ollama]?.endpoint.baseURL == "127.0.0.1:11500")
        #expect(settings.hosted[.openAICompatible]?.contextWindow == 32_000)
        #expect(settings.tokenMargin(of: .local) == 1.5)
        #expect(settings.resilience.maxRetries == 5)
        #expect(settings.resilience.retryAfterCapSeconds == 12)
        #expect(settings.resilience.breakerThreshold == 3)
        #expect(settings.price(of: .anthropic) == TokenPrice(inputPerMillion: 0.80, outputPerMillion: 15))
        #expect(settings.books.tokenBudget == 50_000)
    }

    @Test(arguments: [("RETRY_JITTER", "2"), ("RETRY_MAX", "-1"), ("CIRCUIT_BREAKER_THRESHOLD", "0"),
                      ("PRICE_OPENAI_INPUT_PER_MTOK", "free"), ("BOOK_TOKEN_BUDGET", "-5")])
    func badValuesAreOneLineBadInput(_ name: String, _ value: String) async throws {
        do {
            _ = try await Settings.load(environment: [name: value], configFile: nil)
            Issue.record("\(name)=\(value) was accepted")
        } catch let error as FolioError {
            #expect(error.category == .badInput)
            #expect(error.message.hasPrefix(name))
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func priceOfUsage() {
        let price = TokenPrice(inputPerMillion: 3, outputPerMillion: 15)
        #expect(price.cost(promptTokens: 1_000_000, completionTokens: 0) == 3)
        #expect(abs(price.cost(promptTokens: 2_000, completionTokens: 1_000) - 0.021) < 1e-12)
    }
}
