import FolioCore
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

    /// The most of an error response's body that is read to explain it.
    static let errorBodyLimit = 64 * 1024

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

    /// Streams one completion: `.text` deltas, then `.usage` (when the server reports it)
    /// and exactly one `.finish`.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await run(request) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
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
        let parts = transport.stream(try httpRequest(for: request))
        var decoder = ServerSentEventDecoder()
        var state = OpenAIChatStreamState(provider: name, apiKey: endpoint.apiKey?.value)
        var errorHead: HTTPResponseHead?
        var errorBody: [UInt8] = []
        var sawHead = false

        reading: for try await part in parts {
            switch part {
            case .head(let head):
                sawHead = true
                if !(200..<300).contains(head.status) { errorHead = head }
            case .body(let bytes):
                guard sawHead else { throw TransportError.other("the response body arrived before its head") }
                if errorHead != nil {
                    errorBody.append(contentsOf: bytes.prefix(Self.errorBodyLimit - errorBody.count))
                    if errorBody.count >= Self.errorBodyLimit { break reading }
                    continue
                }
                for event in decoder.decode(bytes) {
                    for output in try state.handle(event) { yield(output) }
                    if state.isDone { return }
                }
            }
        }
        try Task.checkCancellation()
        if let errorHead { throw httpError(errorHead, body: errorBody) }
        guard sawHead else { throw TransportError.broken("the connection closed before a response arrived") }
        for event in decoder.finish() {
            for output in try state.handle(event) { yield(output) }
            if state.isDone { return }
        }
        for output in try state.end() { yield(output) }
    }

    /// Explains a non-2xx response with the server's own message, never the API key.
    private func httpError(_ head: HTTPResponseHead, body: [UInt8]) -> ProviderError {
        let retryAfter = head.headers["retry-after"]
            .flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { $0 >= 0 ? $0 : nil }
        let explanation = OpenAIChatStreamState.errorMessage(inBody: body, hiding: endpoint.apiKey?.value)
            ?? "the server sent no explanation"
        return ProviderError(
            provider: name,
            status: head.status,
            retryAfter: retryAfter,
            message: explanation
        )
    }
}

