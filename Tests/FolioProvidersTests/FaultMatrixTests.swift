import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation
import Synchronization
import Testing

/// The chain over real HTTP (LoopbackServer + CurlTransport), one fault per test, each
/// provider format in turn: the exact text out, the continuation request, the waits.
@Suite("Fault matrix")
struct FaultMatrixTests {
    static let key = "sk-fault-matrix-0a1b2c3d4e5f"
    static let request = ChatRequest(messages: [.init(.user, "Tell me about the lighthouse.")], maxTokens: 50)

    /// Counts the requests a handler has seen, so the first can fail and the next succeed.
    final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int { value.withLock { $0 += 1; return $0 } }
    }

    static func stream(_ format: ProviderWire.Format, _ pieces: [String]) -> [LoopbackAction] {
        [.head(status: 200, headers: ["Content-Type": ProviderWire.contentType(format)])]
            + ProviderWire.stream(format, pieces: pieces).map { .send($0) } + [.end]
    }

    static func error(_ format: ProviderWire.Format, _ status: Int, _ message: String, type: String,
                      retryAfter: String? = nil) -> [LoopbackAction] {
        let body = Array(ProviderWire.errorBody(format, status: status, message: message, type: type).utf8)
        let length = String(body.count)
        if let retryAfter {
            return [.head(status: status, headers: ["Content-Type": "application/json", "Content-Length": length,
                                                    "Retry-After": retryAfter]), .send(body)]
        }
        return [.head(status: status, headers: ["Content-Type": "application/json", "Content-Length": length]), .send(body)]
    }

    static func tier(_ name: String, _ server: LoopbackServer, idleTimeout: Double = 30) -> any LanguageModelProvider {
        let base = name == "openai" ? server.baseURL + "/v1" : server.baseURL
        return ProviderCatalog.provider(name, endpoint: Endpoint(baseURL: base, apiKey: Secret(key), model: "m"),
                                        transport: CurlTransport(), idleTimeout: idleTimeout)
    }

    static func chain(_ tiers: [any LanguageModelProvider], clock: VirtualClock, retries: Int = 2) -> ProviderChain {
        var configuration = ProviderChain.Configuration()
        for tier in ProviderName.allCases where tier.isHosted {
            configuration.credentialNames[tier.rawValue] = tier.keyVariable
        }
        configuration.estimatesMissingUsage = true
        configuration.jitter = 0
        configuration.maxRetries = retries
        return ProviderChain(tiers: tiers, configuration: configuration, clock: ChainClock(clock))
    }

    static func run(_ chain: ProviderChain) async -> (text: String, failures: [String], error: (any Error)?) {
        var text = ""
        var failures: [String] = []
        do {
            for try await event in chain.stream(request) {
                switch event {
                case .text(let piece): text += piece
                case .failed(let name, let reason): failures.append("\(name): \(reason)")
                default: break
                }
            }
            return (text, failures, nil)
        } catch {
            return (text, failures, error)
        }
    }

    static func continuationMessages(_ request: LoopbackRequest) throws -> [[String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        if let contents = json["contents"] as? [[String: Any]] {  // Gemini
            return contents.map { ["role": $0["role"] ?? "", "content": (($0["parts"] as? [[String: Any]])?.first?["text"]) ?? ""] }
        }
        return try #require(json["messages"] as? [[String: Any]])
    }

    @Test func http500IsRetriedWithBackoff() async throws {
        let counter = Counter()
        try await withLoopbackServer({ _ in
            counter.next() == 1 ? Self.error(.openAI, 500, "The server had an error", type: "server_error")
                : Self.stream(.openAI, ["Steady ", "light."])
        }) { server in
            let clock = VirtualClock()
            let outcome = await Self.run(Self.chain([Self.tier("openai", server)], clock: clock))
            #expect(outcome.error == nil)
            #expect(outcome.text == "Steady light.")
            #expect(clock.sleeps == [.milliseconds(500)])
            #expect(outcome.failures == ["openai: HTTP 500: The server had an error; retrying in 0.5 s"])
            #expect(server.requests.count == 2)
        }
    }

    @Test func http429WaitsRetryAfter() async throws {
        let counter = Counter()
        try await withLoopbackServer({ _ in
            counter.next() == 1 ? Self.error(.gemini, 429, "Resource has been exhausted", type: "RESOURCE_EXHAUSTED", retryAfter: "3")
                : Self.stream(.gemini, ["Gemini ", "answers."])
        }) { server in
            let clock = VirtualClock()
            let outcome = await Self.run(Self.chain([Self.tier("gemini", server)], clock: clock))
            #expect(outcome.text == "Gemini answers.")
            #expect(clock.sleeps == [.seconds(3)])
            #expect(server.requests.count == 2)
        }
    }

    @Test func http401FallsThroughAndNamesTheKey() async throws {
        try await withLoopbackServer({ request in
            ProviderWire.format(ofPath: request.path) == .anthropic
                ? Self.error(.anthropic, 401, "invalid x-api-key", type: "authentication_error")
                : Self.stream(.ollama, ["Ollama ", "took ", "over."])
        }) { server in
            let clock = VirtualClock()
            let outcome = await Self.run(Self.chain([Self.tier("anthropic", server), Self.tier("ollama", server)], clock: clock))
            #expect(outcome.text == "Ollama took over.")
            #expect(outcome.failures == ["anthropic: HTTP 401: invalid x-api-key; check ANTHROPIC_API_KEY"])
            #expect(clock.sleeps.isEmpty)
            #expect(server.requests.map(\.path) == ["/v1/messages", "/api/chat"])
        }
    }

    @Test(arguments: ProviderWire.Format.allCases)
    func aStreamCutMidWayIsContinuedSeamlessly(_ format: ProviderWire.Format) async throws {
        let counter = Counter()
        let first = ProviderWire.stream(format, pieces: ["The keeper ", "climbed ", "the stairs"])
        try await withLoopbackServer({ _ in
            if counter.next() == 1 {
                // Two text events, then the connection drops: no final chunk.
                let upTo = format == .anthropic ? 5 : 2
                return [.head(status: 200, headers: ["Content-Type": ProviderWire.contentType(format)])]
                    + first.prefix(upTo).map { .send($0) } + [.closeAbruptly]
            }
            return Self.stream(format, ["to the lamp ☕."])
        }) { server in
            let clock = VirtualClock()
            let name = format == .openAI ? "openai" : format.rawValue
            let outcome = await Self.run(Self.chain([Self.tier(name, server)], clock: clock))
            #expect(outcome.error == nil)
            #expect(outcome.text == "The keeper climbed to the lamp ☕.")
            #expect(server.requests.count == 2)
            let messages = try Self.continuationMessages(try #require(server.requests.last))
            let roles = messages.map { $0["role"] as? String }
            #expect(roles.suffix(2) == [format == .gemini ? "model" : "assistant", "user"])
            #expect(messages.suffix(2).first?["content"] as? String == "The keeper climbed ")
            #expect(messages.last?["content"] as? String == ChatRequest.continueInstruction)
            #expect(clock.sleeps == [.milliseconds(500)])
        }
    }

    @Test func anthropicOverloadedEventIsRetriedAsAContinuation() async throws {
        let counter = Counter()
        let overloaded = try Fixtures.bytes("anthropic-overloaded-stream.txt")
        try await withLoopbackServer({ _ in
            counter.next() == 1
                ? [.head(status: 200, headers: ["Content-Type": "text/event-stream"]), .send(overloaded), .end]
                : Self.stream(.anthropic, [" lit the lamp."])
        }) { server in
            let clock = VirtualClock()
            let outcome = await Self.run(Self.chain([Self.tier("anthropic", server)], clock: clock))
            #expect(outcome.text == "The lighthouse keeper lit the lamp.")
            #expect(outcome.failures == ["anthropic: overloaded_error: Overloaded; retrying in 0.5 s"])
            let messages = try Self.continuationMessages(try #require(server.requests.last))
            #expect(messages.suffix(2).first?["content"] as? String == "The lighthouse keeper")
        }
    }

    @Test func malformedJSONInAnEventIsRetried() async throws {
        let counter = Counter()
        try await withLoopbackServer({ _ in
            if counter.next() == 1 {
                let good = ProviderWire.stream(.gemini, pieces: ["Half ", "x"])[0]
                return [.head(status: 200, headers: ["Content-Type": "text/event-stream"]),
                        .send(good), .send("data: {\"candidates\": [oops\r\n\r\n"), .end]
            }
            return Self.stream(.gemini, ["and whole."])
        }) { server in
            let outcome = await Self.run(Self.chain([Self.tier("gemini", server)], clock: VirtualClock()))
            #expect(outcome.text == "Half and whole.")
            #expect(outcome.failures.count == 1)
            #expect(outcome.failures.first?.contains("malformed JSON") == true)
        }
    }

    @Test func aStalledServerTimesOutAndTheNextTierAnswers() async throws {
        try await withLoopbackServer({ request in
            if ProviderWire.format(ofPath: request.path) == .ollama {
                return [.head(status: 200, headers: ["Content-Type": "application/x-ndjson"]),
                        .send(ProviderWire.stream(.ollama, pieces: ["Slow"])[0]), .sleep(seconds: 30), .end]
            }
            return Self.stream(.openAI, [" and steady."])
        }) { server in
            let outcome = await Self.run(Self.chain(
                [Self.tier("ollama", server, idleTimeout: 0.4), Self.tier("openai", server)], clock: VirtualClock(), retries: 0))
            #expect(outcome.error == nil)
            #expect(outcome.text == "Slow and steady.")
            #expect(outcome.failures.count == 1)
            #expect(outcome.failures.first?.hasPrefix("ollama: ") == true)
        }
    }

    @Test func everyTierFailingIsOneLinePerTierAndNeverLeaksTheKey() async throws {
        try await withLoopbackServer({ request in
            let format = ProviderWire.format(ofPath: request.path) ?? .openAI
            return Self.error(format, 401, "Incorrect API key provided: \(Self.key)", type: "invalid_request_error")
        }) { server in
            let tiers = ["openai", "anthropic", "gemini"].map { Self.tier($0, server) }
            let outcome = await Self.run(Self.chain(tiers, clock: VirtualClock()))
            let error = try #require(outcome.error as? FolioError)
            #expect(error.category == .runtime)
            let lines = error.message.split(separator: "\n")
            #expect(lines.count == 4)
            #expect(lines.dropFirst().map { $0.trimmingCharacters(in: .whitespaces).split(separator: ":").first.map(String.init) }
                    == ["openai", "anthropic", "gemini"])
            #expect(!error.message.contains(Self.key))
            #expect(error.message.contains("check GEMINI_API_KEY"))
            #expect(!outcome.failures.joined().contains(Self.key))
        }
    }
}
