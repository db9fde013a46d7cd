import FolioCore
import FolioHTTP
import Foundation

/// A client for the Gemini API's streaming `generateContent`.
///
/// The base URL is the host (`https://generativelanguage.googleapis.com`); requests go to
/// `/v1beta/models/MODEL:streamGenerateContent?alt=sse` with the key in `x-goog-api-key`
/// (never in the URL, so it cannot leak into logs). System messages become
/// `systemInstruction`; assistant turns are sent with Gemini's `model` role.
public struct GeminiProvider: LanguageModelProvider {
    /// The tier name used in errors.
    public let name: String
    /// Where the API lives; `baseURL` is the host.
    public let endpoint: Endpoint
    /// Seconds allowed to establish the connection.
    public let connectTimeout: Double
    /// Seconds the stream may stay silent before the transfer is abandoned.
    public let idleTimeout: Double
    private let transport: any Transport

    /// Creates a provider that talks to `endpoint` over `transport`.
    public init(name: String = "gemini", endpoint: Endpoint, transport: any Transport,
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("Accept", "text/event-stream"),
        ]
        if let key = endpoint.apiKey, !key.value.isEmpty { headers.append(("x-goog-api-key", key.value)) }
        let model = request.model ?? endpoint.model
        let escaped = model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? model
        return HTTPRequest(
            method: "POST",
            url: StreamingHTTPCall.root(endpoint.baseURL) + "/v1beta/models/\(escaped):streamGenerateContent?alt=sse",
            headers: headers, body: Array(try encoder.encode(body)),
            connectTimeout: connectTimeout, idleTimeout: idleTimeout)
    }

    private func run(_ request: ChatRequest, yield: (StreamEvent) -> Void) async throws {
        let call = StreamingHTTPCall(provider: name, apiKey: endpoint.apiKey?.value, transport: transport)
        var state = GeminiStreamState(provider: name, apiKey: endpoint.apiKey?.value)
        try await ProviderRunLoop(call: call, framing: .serverSentEvents)
            .run(try httpRequest(for: request), state: &state, yield: yield)
    }
}
