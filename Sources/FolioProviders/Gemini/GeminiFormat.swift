import FolioCore
import FolioHTTP
import Foundation

/// A client for the Gemini API's streaming `generateContent`.
public typealias GeminiProvider = WireProvider<GeminiFormat>

/// The Gemini API's `streamGenerateContent?alt=sse` (server-sent events, no end marker).
///
/// The base URL is the host (`https://generativelanguage.googleapis.com`); requests go to
/// `/v1beta/models/MODEL:streamGenerateContent?alt=sse` with the key in `x-goog-api-key`
/// (never in the URL, so it cannot leak into logs). System messages become
/// `systemInstruction`; assistant turns are sent with Gemini's `model` role.
public struct GeminiFormat: ProviderWireFormat {
    /// `gemini`.
    public static let name = "gemini"
    /// Server-sent events.
    public static let framing = StreamFraming.serverSentEvents

    /// Creates the format.
    public init() {}

    /// A `POST …:streamGenerateContent?alt=sse`, asking for JSON when the request has a schema.
    public func httpRequest(for request: ChatRequest, endpoint: Endpoint, tier: String) throws -> HTTPRequest {
        let system = request.messages.filter { $0.role == .system }.map(\.content)
        let contents = request.messages.filter { $0.role != .system }.map { message in
            GeminiWire.Content(role: message.role == .assistant ? "model" : "user",
                               parts: [.init(text: message.content)])
        }
        let body = GeminiWire.Request(
            contents: contents,
            systemInstruction: system.isEmpty ? nil : .init(parts: [.init(text: system.joined(separator: "\n\n"))]),
            generationConfig: .init(
                maxOutputTokens: request.maxTokens, temperature: request.temperature,
                stopSequences: request.stop.isEmpty ? nil : request.stop,
                responseMimeType: request.jsonSchema == nil ? nil : "application/json"))
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("Accept", "text/event-stream"),
        ]
        if let key = endpoint.apiKey, !key.value.isEmpty { headers.append(("x-goog-api-key", key.value)) }
        let model = request.model ?? endpoint.model
        let escaped = model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? model
        return HTTPRequest(
            url: StreamingHTTPCall.root(endpoint.baseURL) + "/v1beta/models/\(escaped):streamGenerateContent?alt=sse",
            headers: headers, body: try Self.jsonBody(body))
    }

    /// Reads the first candidate's text parts (never thoughts); the finish reason closes the
    /// answer when the body ends.
    public func makeState(tier: String, apiKey: String?) -> any WireStreamState {
        GeminiStreamState(provider: tier, apiKey: apiKey)
    }

    /// `GET /v1beta/models`.
    public func healthCheck(root: String, apiKey: String?) -> (url: String, headers: [(name: String, value: String)]) {
        (root + "/v1beta/models", apiKey.map { [("x-goog-api-key", $0)] } ?? [])
    }
}
