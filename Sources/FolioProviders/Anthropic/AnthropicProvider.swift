import FolioCore
import FolioHTTP
import Foundation

/// A client for Anthropic's streaming Messages API (`POST /v1/messages`).
///
/// The base URL is the host (`https://api.anthropic.com`); the key goes in `x-api-key`
/// with the `anthropic-version` header, and system messages become the top-level
/// `system` field. Each call is sent once; an HTTP error's body is read from the same
/// response.
public struct AnthropicProvider: LanguageModelProvider {
    /// The tier name used in errors.
    public let name: String
    /// Where the API lives; `baseURL` is the host.
    public let endpoint: Endpoint
    /// Seconds allowed to establish the connection.
    public let connectTimeout: Double
    /// Seconds the stream may stay silent before the transfer is abandoned.
    public let idleTimeout: Double
    private let transport: any Transport

    /// The `anthropic-version` header sent with every request.
    public static let apiVersion = "2023-06-01"
    /// `max_tokens` is required by the API; this is used when a request sets none.
    public static let defaultMaxTokens = 4096

    /// Creates a provider that talks to `endpoint` over `transport`.
    public init(name: String = "anthropic", endpoint: Endpoint, transport: any Transport,
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
        let system = request.messages.filter { $0.role == .system }.map(\.content)
        let body = AnthropicWire.Request(
            model: request.model ?? endpoint.model,
            maxTokens: request.maxTokens ?? Self.defaultMaxTokens,
            system: system.isEmpty ? nil : system.joined(separator: "\n\n"),
            messages: request.messages.filter { $0.role != .system }
                .map { .init(role: $0.role.rawValue, content: $0.content) },
            temperature: request.temperature.map { min($0, 1) },  // Anthropic accepts 0…1
            stopSequences: request.stop.isEmpty ? nil : request.stop)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("Accept", "text/event-stream"),
            ("anthropic-version", Self.apiVersion),
        ]
        if let key = endpoint.apiKey, !key.value.isEmpty { headers.append(("x-api-key", key.value)) }
        return HTTPRequest(
            method: "POST", url: StreamingHTTPCall.root(endpoint.baseURL) + "/v1/messages", headers: headers,
            body: Array(try encoder.encode(body)), connectTimeout: connectTimeout, idleTimeout: idleTimeout)
    }

    private func run(_ request: ChatRequest, yield: (StreamEvent) -> Void) async throws {
        let call = StreamingHTTPCall(provider: name, apiKey: endpoint.apiKey?.value, transport: transport)
        var state = AnthropicStreamState(provider: name, apiKey: endpoint.apiKey?.value)
        try await ProviderRunLoop(call: call, framing: .serverSentEvents)
            .run(try httpRequest(for: request), state: &state, yield: yield)
    }
}
