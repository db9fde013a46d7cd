import FolioCore
import FolioHTTP
import Foundation

/// A client for Ollama's native streaming chat API.
public typealias OllamaProvider = WireProvider<OllamaChatFormat>

/// Ollama's native streaming chat (`POST /api/chat`, newline-delimited JSON).
///
/// The base URL is the host (`http://127.0.0.1:11434`, or `OLLAMA_HOST` without a
/// scheme). Ollama needs no key; one set for a proxy in front of it goes in
/// `Authorization: Bearer`.
public struct OllamaChatFormat: ProviderWireFormat {
    /// `ollama`.
    public static let name = "ollama"
    /// One JSON object per line.
    public static let framing = StreamFraming.jsonLines

    /// Creates the format.
    public init() {}

    /// A `POST /api/chat` with the options, and a JSON schema as `format` when given.
    public func httpRequest(for request: ChatRequest, endpoint: Endpoint, tier: String) throws -> HTTPRequest {
        let body = OllamaWire.Request(
            model: request.model ?? endpoint.model,
            messages: request.messages,
            options: .init(numPredict: request.maxTokens, temperature: request.temperature,
                           stop: request.stop.isEmpty ? nil : request.stop,
                           frequencyPenalty: request.frequencyPenalty, presencePenalty: request.presencePenalty),
            format: try Self.schema(request.jsonSchema, tier: tier))
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("Accept", "application/x-ndjson"),
        ]
        if let key = endpoint.apiKey, !key.value.isEmpty { headers.append(("Authorization", "Bearer \(key.value)")) }
        return HTTPRequest(url: StreamingHTTPCall.root(endpoint.baseURL) + "/api/chat", headers: headers,
                           body: try Self.jsonBody(body))
    }

    /// Reads `message.content` (never `thinking`) until the `done` line.
    public func makeState(tier: String, apiKey: String?) -> any WireStreamState {
        OllamaStreamState(provider: tier, apiKey: apiKey)
    }

    /// `GET /api/tags`.
    public func healthCheck(root: String, apiKey: String?) -> (url: String, headers: [(name: String, value: String)]) {
        (root + "/api/tags", apiKey.map { [("Authorization", "Bearer \($0)")] } ?? [])
    }
}
