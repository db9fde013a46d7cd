import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation
import Testing

/// A provider is one `ProviderWireFormat`: this format, written only here, gets the shared
/// client (one request, error bodies read from the same response, records split anywhere,
/// a cut stream reported as broken) without any code of its own for those.
@Suite("Wire provider")
struct WireProviderTests {
    /// A made-up line protocol: `{"say": "…"}` lines, then `{"end": "stop"}`.
    struct LineFormat: ProviderWireFormat {
        static let name = "lines"
        static let framing = StreamFraming.jsonLines

        struct State: WireStreamState {
            var isDone = false
            mutating func handle(_ record: ServerSentEvent) throws -> [StreamEvent] {
                let object = try JSONSerialization.jsonObject(with: Data(record.data.utf8)) as? [String: String] ?? [:]
                if let end = object["end"] {
                    isDone = true
                    return [.finish(FinishReason(wireValue: end))]
                }
                return object["say"].map { [.text($0)] } ?? []
            }
            mutating func end() throws -> [StreamEvent] { throw TransportError.broken("no end line") }
        }

        func httpRequest(for request: ChatRequest, endpoint: Endpoint, tier: String) throws -> HTTPRequest {
            HTTPRequest(url: endpoint.baseURL + "/say", body: Array((request.messages.last?.content ?? "").utf8))
        }

        func makeState(tier: String, apiKey: String?) -> any WireStreamState { State() }

        func healthCheck(root: String, apiKey: String?) -> (url: String, headers: [(name: String, value: String)]) {
            (root + "/ready", [])
        }
    }

    static let body = Array(#"{"say":"Hello, "}"# .utf8) + [0x0A] + Array(#"{"say":"café ☕"}"#.utf8) + [0x0A]
        + Array(#"{"end":"stop"}"#.utf8) + [0x0A]

    static func collect(_ provider: WireProvider<LineFormat>) async throws -> (String, FinishReason?) {
        var text = ""
        var finish: FinishReason?
        for try await event in provider.stream(ChatRequest(messages: [.init(.user, "hi")])) {
            if case .text(let piece) = event { text += piece }
            if case .finish(let reason) = event { finish = reason }
        }
        return (text, finish)
    }

    @Test func aNewFormatStreamsThroughTheSharedClient() async throws {
        for chunking in [ReplayTransport.Chunking.whole, .every(1)] {
            let transport = ReplayTransport(head: HTTPResponseHead(status: 200), body: Self.body, chunking: chunking)
            let provider = WireProvider<LineFormat>(endpoint: Endpoint(baseURL: "http://127.0.0.1:9", model: "m"),
                                                    transport: transport, idleTimeout: 7)
            let (text, finish) = try await Self.collect(provider)
            #expect(text == "Hello, café ☕")
            #expect(finish == .stop)
            #expect(provider.name == "lines")
            let sent = try #require(transport.requests.first)
            #expect(sent.url == "http://127.0.0.1:9/say" && sent.idleTimeout == 7)
        }
    }

    @Test func aNewFormatGetsErrorBodiesAndCutStreamsForFree() async throws {
        let refused = ReplayTransport(head: HTTPResponseHead(status: 503), body: Array(#"{"error":{"message":"busy"}}"#.utf8))
        let provider = WireProvider<LineFormat>(endpoint: Endpoint(baseURL: "http://h", model: "m"), transport: refused)
        await #expect(throws: ProviderError(provider: "lines", status: 503, message: "busy")) {
            _ = try await Self.collect(provider)
        }
        #expect(refused.requests.count == 1)
        let cut = ReplayTransport(head: HTTPResponseHead(status: 200), body: Array(Self.body.prefix(30)))
        await #expect(throws: TransportError.self) {
            _ = try await Self.collect(WireProvider<LineFormat>(endpoint: Endpoint(baseURL: "http://h", model: "m"), transport: cut))
        }
    }

    @Test func theCatalogBuildsEachTierFromItsRegisteredFormat() {
        let endpoint = Endpoint(baseURL: "http://h", model: "m")
        for tier in ProviderName.allCases where tier != .local {
            let provider = ProviderCatalog.provider(tier.rawValue, endpoint: endpoint, transport: CurlTransport())
            #expect(provider.name == tier.rawValue)
            let expected = [ProviderName.anthropic: "anthropic", .gemini: "gemini", .ollama: "ollama"][tier] ?? "openai"
            #expect(ProviderCatalog.format(of: tier.rawValue).name == expected)
        }
        let probe = HealthProbe(transport: CurlTransport())
        #expect(probe.request(format: AnthropicMessagesFormat.self, endpoint: Endpoint(baseURL: "https://a/", apiKey: Secret("k"), model: "m"))
            .headers.map { "\($0.name): \($0.value)" } == ["Accept: application/json", "anthropic-version: 2023-06-01", "x-api-key: k"])
    }
}
