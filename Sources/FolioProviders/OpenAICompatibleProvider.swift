import FolioCore
import FolioHTTP
import Foundation

/// A client for servers that speak OpenAI's streaming Chat Completions API:
/// OpenAI itself, llama.cpp's `llama-server`, vLLM, Ollama's `/v1` and others.
///
/// It posts one request per call and never re-sends it: an HTTP error's body is
/// read from the same response, so a failed call is never billed twice.
public struct OpenAICompatibleProvider: LanguageModelProvider {
    /// The tier name used in errors, e.g. `local` or `openai`.
    public let name: String
    /// Where the server lives; `baseURL` includes `/v1`.
    public let endpoint: Endpoint
    /// Seconds allowed to establish the connection.
    public let connectTimeout: Double
    /// Seconds the stream may stay silent before the transfer is abandoned.
    public let idleTimeout: Double
    private let transport: any Transport

    /// Creates a provider that talks to `endpoint` over `transport`.
    public init(
        name: String,
        endpoint: Endpoint,
        transport: any Transport,
        connectTimeout: Double = 10,
        idleTimeout: Double = 120
    ) {
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

    /// Streams one completion: `.text` deltas, then `.usage` (when the server reports it)
    /// and exactly one `.finish`.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        .producing { yield in try await run(request, yield: yield) }
    }

    /// Builds the HTTP request for `request`.
    func httpRequest(for request: ChatRequest) throws -> HTTPRequest {
        var responseFormat: OpenAIChatWire.Request.ResponseFormat?
        if let schemaText = request.jsonSchema {
            guard let schema = try? JSONDecoder().decode(JSONValue.self, from: Data(schemaText.utf8)) else {
                throw ProviderError(provider: name, message: "the JSON schema for the answer is not valid JSON")
            }
            responseFormat = .init(jsonSchema: .init(schema: schema))
        }
        let body = OpenAIChatWire.Request(
            model: request.model ?? endpoint.model,
            messages: request.messages,
            maxTokens: request.maxTokens,
            temperature: request.temperature,
            stop: request.stop.isEmpty ? nil : request.stop,
            frequencyPenalty: request.frequencyPenalty,
            presencePenalty: request.presencePenalty,
            responseFormat: responseFormat
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]

        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("Accept", "text/event-stream"),
        ]
        if let key = endpoint.apiKey, !key.value.isEmpty {
            headers.append(("Authorization", "Bearer \(key.value)"))
        }
        var base = endpoint.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return HTTPRequest(
            method: "POST",
            url: base + "/chat/completions",
            headers: headers,
            body: Array(try encoder.encode(body)),
            connectTimeout: connectTimeout,
            idleTimeout: idleTimeout
        )
    }

    private func run(_ request: ChatRequest, yield: (StreamEvent) -> Void) async throws {
        var state = OpenAIChatStreamState(provider: name, apiKey: endpoint.apiKey?.value)
        let call = StreamingHTTPCall(provider: name, apiKey: endpoint.apiKey?.value, transport: transport)
        try await ProviderRunLoop(call: call, framing: .serverSentEvents)
            .run(try httpRequest(for: request), state: &state, yield: yield)
    }
}
