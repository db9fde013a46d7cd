import FolioCore
import FolioHTTP
import Foundation

/// A client for Anthropic's streaming Messages API.
public typealias AnthropicProvider = WireProvider<AnthropicMessagesFormat>

/// Anthropic's streaming Messages API (`POST /v1/messages`, server-sent events).
///
/// The base URL is the host (`https://api.anthropic.com`); the key goes in `x-api-key`
/// with the `anthropic-version` header, and system messages become the top-level
/// `system` field.
public struct AnthropicMessagesFormat: ProviderWireFormat {
    /// `anthropic`.
    public static let name = "anthropic"
    /// Server-sent events.
    public static let framing = StreamFraming.serverSentEvents
    /// The `anthropic-version` header sent with every request.
    public static let apiVersion = "2023-06-01"
    /// `max_tokens` is required by the API; this is used when a request sets none.
    public static let defaultMaxTokens = 4096

    /// Creates the format.
    public init() {}

    /// A `POST /v1/messages` with the system messages joined into `system`.
    public func httpRequest(for request: ChatRequest, endpoint: Endpoint, tier: String) throws -> HTTPRequest {
        let system = request.messages.filter { $0.role == .system }.map(\.content)
        let body = AnthropicWire.Request(
            model: request.model ?? endpoint.model,
            maxTokens: request.maxTokens ?? Self.defaultMaxTokens,
            system: system.isEmpty ? nil : system.joined(separator: "\n\n"),
            messages: request.messages.filter { $0.role != .system }
                .map { .init(role: $0.role.rawValue, content: $0.content) },
            temperature: request.temperature.map { min($0, 1) },  // Anthropic accepts 0…1
            stopSequences: request.stop.isEmpty ? nil : request.stop)
        return HTTPRequest(url: StreamingHTTPCall.root(endpoint.baseURL) + "/v1/messages",
                           headers: Self.headers(apiKey: endpoint.apiKey?.value, accept: "text/event-stream"),
                           body: try Self.jsonBody(body))
    }

    /// Reads text deltas (never thinking), usage, and the stop reason.
    public func makeState(tier: String, apiKey: String?) -> any WireStreamState {
        AnthropicStreamState(provider: tier, apiKey: apiKey)
    }

    /// `GET /v1/models`.
    public func healthCheck(root: String, apiKey: String?) -> (url: String, headers: [(name: String, value: String)]) {
        (root + "/v1/models", Self.headers(apiKey: apiKey, accept: nil).filter { $0.name != "Content-Type" })
    }

    private static func headers(apiKey: String?, accept: String?) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if let accept { headers.append(("Accept", accept)) }
        headers.append(("anthropic-version", apiVersion))
        if let apiKey, !apiKey.isEmpty { headers.append(("x-api-key", apiKey)) }
        return headers
    }
}
