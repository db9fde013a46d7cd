import FolioCore
import FolioHTTP
import Foundation

/// A client for Ollama's native streaming chat API (`POST /api/chat`, NDJSON).
///
/// The base URL is the host (`http://127.0.0.1:11434`, or `OLLAMA_HOST` without a
/// scheme). Ollama needs no key; one set for a proxy in front of it goes in
/// `Authorization: Bearer`.
public struct OllamaProvider: LanguageModelProvider {
    /// The tier name used in errors.
    public let name: String
    /// Where the server lives; `baseURL` is the host.
    public let endpoint: Endpoint
    /// Seconds allowed to establish the connection.
    public let connectTimeout: Double
    /// Seconds the stream may stay silent before the transfer is abandoned.
    public let idleTimeout: Double
    private let transport: any Transport

    /// Creates a provider that talks to `endpoint` over `transport`.
    public init(name: String = "ollama", endpoint: Endpoint, transport: any Transport,
                connectTimeout: Double = 10, idleTimeout: Double = 120) {
        self.name = name
        self.endpoint = endpoint
        self.transport = transport
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
    }

    /// The endpoint's default model.
    public var defaultModel: String { endpoint.model }

    /// `name=model@base-url`.
    public var cacheIdentity: String { endpoint.cacheIdentity(name: name) }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        .producing { yield in try await run(request, yield: yield) }
    }

    /// Builds the HTTP request for `request`.
    func httpRequest(for request: ChatRequest) throws -> HTTPRequest {
        var format: JSONValue?
        if let schemaText = request.jsonSchema {
            guard let schema = try? JSONDecoder().decode(JSONValue.self, from: Data(schemaText.utf8)) else {
                throw ProviderError(provider: name, message: "the JSON schema for the answer is not valid JSON")
            }
            format = schema
        }
        let body = OllamaWire.Request(
            model: request.model ?? endpoint.model,
            messages: request.messages,
            options: .init(numPredict: request.maxTokens, temperature: request.temperature,
                           stop: request.stop.isEmpty ? nil : request.stop,
                           frequencyPenalty: request.frequencyPenalty, presencePenalty: request.presencePenalty),
            format: format)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("Accept", "application/x-ndjson"),
        ]
        if let key = endpoint.apiKey, !key.value.isEmpty { headers.append(("Authorization", "Bearer \(key.value)")) }
        return HTTPRequest(
            method: "POST", url: StreamingHTTPCall.root(endpoint.baseURL) + "/api/chat", headers: headers,
            body: Array(try encoder.encode(body)), connectTimeout: connectTimeout, idleTimeout: idleTimeout)
    }

    private func run(_ request: ChatRequest, yield: (StreamEvent) -> Void) async throws {
        let call = StreamingHTTPCall(provider: name, apiKey: endpoint.apiKey?.value, transport: transport)
        var state = OllamaStreamState(provider: name, apiKey: endpoint.apiKey?.value)
        try await ProviderRunLoop(call: call, framing: .jsonLines)
            .run(try httpRequest(for: request), state: &state, yield: yield)
    }
}
