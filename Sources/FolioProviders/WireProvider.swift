import FolioCore
import FolioHTTP

/// A streaming client for one wire format: the stored settings, the request and the run
/// loop every provider shares. `OpenAICompatibleProvider`, `AnthropicProvider`,
/// `GeminiProvider` and `OllamaProvider` are this type over their formats.
///
/// It posts one request per call and never re-sends it: an HTTP error's body is read from
/// the same response, so a failed call is never billed twice.
public struct WireProvider<Format: ProviderWireFormat>: LanguageModelProvider {
    /// The tier name used in errors, e.g. `local` or `openai`.
    public let name: String
    /// Where the server lives (for OpenAI-style servers `baseURL` includes `/v1`).
    public let endpoint: Endpoint
    /// Seconds allowed to establish the connection.
    public let connectTimeout: Double
    /// Seconds the stream may stay silent before the transfer is abandoned.
    public let idleTimeout: Double
    private let transport: any Transport
    private let format = Format()

    /// Creates a client that talks to `endpoint` over `transport`.
    public init(name: String = Format.name, endpoint: Endpoint, transport: any Transport,
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

    /// Streams one completion: `.text` deltas, then `.usage` (when the server reports it)
    /// and exactly one `.finish`.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        .producing { yield in try await run(request, yield: yield) }
    }

    /// The HTTP request for `request`, with this client's timeouts.
    func httpRequest(for request: ChatRequest) throws -> HTTPRequest {
        var http = try format.httpRequest(for: request, endpoint: endpoint, tier: name)
        http.connectTimeout = connectTimeout
        http.idleTimeout = idleTimeout
        return http
    }

    private func run(_ request: ChatRequest, yield: (StreamEvent) -> Void) async throws {
        let apiKey = endpoint.apiKey?.value
        var state = format.makeState(tier: name, apiKey: apiKey)
        let call = StreamingHTTPCall(provider: name, apiKey: apiKey, transport: transport)
        try await ProviderRunLoop(call: call, framing: Format.framing)
            .run(try httpRequest(for: request), state: &state, yield: yield)
    }
}
