import FolioCore
import FolioHTTP

/// The wire format each provider tier speaks, and how its client is built.
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

    /// The wire format of a tier: its own for Anthropic, Gemini and Ollama, OpenAI's for the others.
    public static func format(of tier: String) -> Format {
        switch tier {
        case ProviderName.anthropic.rawValue: .anthropic
        case ProviderName.gemini.rawValue: .gemini
        case ProviderName.ollama.rawValue: .ollama
        default: .openAI
        }
    }

    /// The client for a tier named `tier`, speaking its format to `endpoint`.
    public static func provider(
        _ tier: String, endpoint: Endpoint, transport: any Transport,
        connectTimeout: Double = 10, idleTimeout: Double = 120
    ) -> any LanguageModelProvider {
        let (connect, idle) = (connectTimeout, idleTimeout)
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
