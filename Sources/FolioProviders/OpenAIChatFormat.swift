import FolioCore
import FolioHTTP
import Foundation

/// A client for servers that speak OpenAI's streaming Chat Completions API: OpenAI itself,
/// Groq, OpenRouter, llama.cpp's `llama-server`, vLLM, Ollama's `/v1` and others.
public typealias OpenAICompatibleProvider = WireProvider<OpenAIChatFormat>

/// OpenAI's streaming Chat Completions (`POST {base}/chat/completions`, server-sent
/// events ending in `data: [DONE]`); the base URL includes `/v1`, the key goes in
/// `Authorization: Bearer`.
public struct OpenAIChatFormat: ProviderWireFormat {
    /// `openai`.
    public static let name = "openai"
    /// Server-sent events.
    public static let framing = StreamFraming.serverSentEvents

    /// The tier served by llama.cpp (the bundled model), which gets a request's ``RepetitionControl``.
    public static let llamaCppTier = "local"

    /// Creates the format.
    public init() {}

    /// A `POST /chat/completions` asking for a stream with usage, and for a JSON schema's
    /// `response_format` when the request has one.
    public func httpRequest(for request: ChatRequest, endpoint: Endpoint, tier: String) throws -> HTTPRequest {
        let responseFormat = try Self.schema(request.jsonSchema, tier: tier)
            .map { OpenAIChatWire.Request.ResponseFormat(jsonSchema: .init(schema: $0)) }
        var body = OpenAIChatWire.Request(
            model: request.model ?? endpoint.model,
            messages: request.messages,
            maxTokens: request.maxTokens,
            temperature: request.temperature,
            stop: request.stop.isEmpty ? nil : request.stop,
            frequencyPenalty: request.frequencyPenalty,
            presencePenalty: request.presencePenalty,
            responseFormat: responseFormat,
            seed: request.seed
        )
        // llama-server's own sampler fields go only to the `local` tier: other OpenAI-style
        // servers may reject fields they do not know.
        if tier == Self.llamaCppTier {
            body.grammar = request.grammar
            body.slot = request.slot
            if !request.textBias.isEmpty {
                body.logitBias = request.textBias.sorted { $0.key < $1.key }.map { [.string($0.key), .number($0.value)] }
            }
        }
        if tier == Self.llamaCppTier, let repetition = request.repetition {
            body.repeatPenalty = repetition.repeatPenalty
            body.repeatLastN = repetition.repeatLastN
            body.dryMultiplier = repetition.dryMultiplier
            body.dryBase = repetition.dryBase
            body.dryAllowedLength = repetition.dryAllowedLength
            body.dryPenaltyLastN = repetition.dryPenaltyLastN
            body.cachePrompt = repetition.cachePrompt
        }
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("Accept", "text/event-stream"),
        ]
        if let key = endpoint.apiKey, !key.value.isEmpty {
            headers.append(("Authorization", "Bearer \(key.value)"))
        }
        var base = endpoint.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return HTTPRequest(url: base + "/chat/completions", headers: headers, body: try Self.jsonBody(body))
    }

    /// Reads the chunks of choice 0, then usage and the finish reason at `[DONE]`.
    public func makeState(tier: String, apiKey: String?) -> any WireStreamState {
        OpenAIChatStreamState(provider: tier, apiKey: apiKey)
    }

    /// `GET /models`.
    public func healthCheck(root: String, apiKey: String?) -> (url: String, headers: [(name: String, value: String)]) {
        (root + "/models", apiKey.map { [("Authorization", "Bearer \($0)")] } ?? [])
    }
}
