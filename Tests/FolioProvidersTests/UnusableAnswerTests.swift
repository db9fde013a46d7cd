import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation
import Testing

/// An answer that ends normally but gives the reader nothing (or a refusal) is a failure
/// of its tier with a reason, so the chain falls back instead of succeeding with no text.
@Suite("Unusable answers")
struct UnusableAnswerTests {
    static let request = ChatRequest(messages: [.init(.user, "Tell me about the lighthouse.")], maxTokens: 50)
    static let backupText = "The lighthouse stood on the point."

    static func json(_ object: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var tier: String
        var body: String
        var reason: String
    }

    /// Real clients' formats, each ending normally with no visible text.
    static let cases = [
        Case(description: "OpenAI tool call only", tier: "openai", body: [
            ["choices": [["index": 0, "delta": ["role": "assistant", "tool_calls": [["index": 0, "id": "call_1", "type": "function",
                "function": ["name": "get_weather", "arguments": #"{"city":"Brest"}"#]]]]]]],
            ["choices": [["index": 0, "delta": [String: Any](), "finish_reason": "tool_calls"]]],
        ].map { "data: " + json($0) + "\n\n" }.joined() + "data: [DONE]\n\n", reason: "tool_calls"),
        Case(description: "OpenAI-style server that stops at once", tier: "openai", body: [
            ["choices": [["index": 0, "delta": ["role": "assistant", "content": ""]]]],
            ["choices": [["index": 0, "delta": [String: Any](), "finish_reason": "stop"]]],
        ].map { "data: " + json($0) + "\n\n" }.joined() + "data: [DONE]\n\n", reason: "without any text"),
        Case(description: "Gemini blocked prompt", tier: "gemini",
             body: "data: " + json(["promptFeedback": ["blockReason": "SAFETY"]]) + "\r\n\r\n", reason: "SAFETY"),
        Case(description: "Anthropic answer with no text block", tier: "anthropic", body: [
            ("message_start", ["type": "message_start", "message": ["usage": ["input_tokens": 5]]]),
            ("message_delta", ["type": "message_delta", "delta": ["stop_reason": "end_turn"], "usage": ["output_tokens": 0]]),
            ("message_stop", ["type": "message_stop"]),
        ].map { "event: \($0.0)\ndata: \(json($0.1))\n\n" }.joined(), reason: "without any text"),
        // /api/generate's lines on the /api/chat route: well-formed, but not this endpoint's format.
        Case(description: "Ollama answering in another endpoint's format", tier: "ollama", body: [
            ["model": "gemma", "response": "That is", "done": false],
            ["model": "gemma", "response": " right.", "done": true, "done_reason": "stop"],
        ].map { json($0) + "\n" }.joined(), reason: "without any text"),
    ]

    static func tier(_ name: String, _ server: LoopbackServer) -> any LanguageModelProvider {
        let base = name == "openai" ? server.baseURL + "/v1" : server.baseURL
        return ProviderCatalog.provider(name, endpoint: Endpoint(baseURL: base, apiKey: Secret("sk-unusable-1a2b"), model: "m"),
                                        transport: CurlTransport())
    }

    static func run(_ chain: ProviderChain) async -> (text: String, failures: [String], finish: FinishReason?, error: (any Error)?) {
        var text = ""
        var failures: [String] = []
        var finish: FinishReason?
        do {
            for try await event in chain.stream(request) {
                switch event {
                case .text(let piece): text += piece
                case .failed(let name, let reason): failures.append("\(name): \(reason)")
                case .finish(let reason): finish = reason
                default: break
                }
            }
            return (text, failures, finish, nil)
        } catch {
            return (text, failures, finish, error)
        }
    }

    @Test(arguments: cases)
    func anEmptyAnswerFallsBackToTheNextTier(_ testCase: Case) async throws {
        let first = testCase.body
        let backup = ProviderWire.stream(.openAI, pieces: ["The lighthouse ", "stood on the point."])
        try await withLoopbackServer({ request in
            if request.path.hasPrefix("/backup") {
                return LoopbackAction.eventStream(backup)
            }
            let contentType = testCase.tier == "ollama" ? "application/x-ndjson" : "text/event-stream"
            return [.head(status: 200, headers: ["Content-Type": contentType]), .send(first), .end]
        }) { server in
            let backupTier = ProviderCatalog.provider(
                "openai-compatible", endpoint: Endpoint(baseURL: server.baseURL + "/backup/v1", model: "b"),
                transport: CurlTransport())
            let chain = ProviderChain(tiers: [Self.tier(testCase.tier, server), backupTier],
                                      configuration: .init(), clock: ChainClock(VirtualClock()))
            let outcome = await Self.run(chain)
            #expect(outcome.error == nil)
            #expect(outcome.text == Self.backupText)
            #expect(outcome.finish == .stop)
            #expect(outcome.failures.count == 1)
            let failure = try #require(outcome.failures.first)
            #expect(failure.hasPrefix("\(testCase.tier): "))
            #expect(failure.contains(testCase.reason), "\(failure)")
            #expect(!failure.contains("retrying"), "an unusable answer is not retried on its tier")
            #expect(server.requests.count == 2)
        }
    }

    @Test func aSingleTierWithAnEmptyAnswerFailsWithItsReason() async throws {
        let empty = ScriptedProvider(name: "local", replies: [.text([], finish: .stop), .text(["   \n"], finish: .stop)])
        let outcome = await Self.run(ProviderChain(tiers: [empty], configuration: .init(), clock: ChainClock(VirtualClock())))
        #expect(outcome.finish == nil)
        let error = try #require(outcome.error)
        #expect(String(describing: error).contains("local: the model finished without any text"))
        #expect(empty.requests.count == 1)
    }

    @Test func aRefusalAfterSomeTextIsContinuedByTheNextTier() async throws {
        let primary = ScriptedProvider(name: "primary", replies: [.text(["Once upon ", "a time"], finish: .other("refusal"))])
        let backup = ScriptedProvider(name: "backup", replies: [.text([", a keeper lived."])])
        let outcome = await Self.run(ProviderChain(tiers: [primary, backup], configuration: .init(), clock: ChainClock(VirtualClock())))
        #expect(outcome.error == nil)
        #expect(outcome.text == "Once upon a time, a keeper lived.")
        #expect(outcome.failures == ["primary: the model stopped without finishing its answer (refusal)"])
        #expect(backup.requests.first?.messages.last == ChatMessage(.user, ChatRequest.continueInstruction))
    }

    @Test func aContinuationThatAddsNothingStillCompletesTheAnswer() async throws {
        let primary = ScriptedProvider(name: "primary", replies: [
            .fail(after: ["The whole answer."], error: TransportError.broken("reset")),
        ])
        let backup = ScriptedProvider(name: "backup", replies: [.text([], finish: .stop)])
        var configuration = ProviderChain.Configuration()
        configuration.maxRetries = 0
        let outcome = await Self.run(ProviderChain(tiers: [primary, backup], configuration: configuration,
                                                   clock: ChainClock(VirtualClock())))
        #expect(outcome.error == nil)
        #expect(outcome.text == "The whole answer.")
        #expect(outcome.finish == .stop)
    }
}
