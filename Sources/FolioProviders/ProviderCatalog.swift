import FolioCore
import FolioHTTP

/// The wire format each provider tier speaks, and how its client is built.
public enum ProviderCatalog {
    /// The format of every tier whose server does not speak OpenAI's Chat Completions.
    /// Registering a provider's client is one line here, plus its `ProviderWireFormat` type
    /// (and its `ProviderName` with the endpoint defaults in `Settings`).
    public static let formats: [ProviderName: any ProviderWireFormat.Type] = [
        .anthropic: AnthropicMessagesFormat.self,
        .gemini: GeminiFormat.self,
        .ollama: OllamaChatFormat.self,
    ]

    /// The wire format of a tier: its registered one, else OpenAI's (`openai`, `groq`,
    /// `openrouter`, `openai-compatible`, `local`).
    public static func format(of tier: String) -> any ProviderWireFormat.Type {
        ProviderName(rawValue: tier).flatMap { formats[$0] } ?? OpenAIChatFormat.self
    }

    /// The client for a tier named `tier`, speaking its format to `endpoint`.
    public static func provider(
        _ tier: String, endpoint: Endpoint, transport: any Transport,
        connectTimeout: Double = 10, idleTimeout: Double = 120
    ) -> any LanguageModelProvider {
        format(of: tier).client(name: tier, endpoint: endpoint, transport: transport,
                                connectTimeout: connectTimeout, idleTimeout: idleTimeout)
    }
}
