import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation
import Testing

/// A model's private reasoning, in each wire format that carries it, never becomes text:
/// not a `.text` event of the client, so not stdout, a chapter, the cache or a log.
@Suite("Private reasoning")
struct PrivateReasoningTests {
    static let secret = "PRIVATE-REASONING: the reader must never see this line"
    static let answer = "The lighthouse stood alone."

    static func json(_ object: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Each format with reasoning before, between and beside the answer's pieces.
    static let streams: [(tier: String, body: String)] = [
        ("gemini", [
            ["candidates": [["content": ["role": "model", "parts": [["text": secret, "thought": true]]]]]],
            ["candidates": [["content": ["role": "model", "parts": [["text": secret, "thought": true], ["text": "The lighthouse "]]]]]],
            ["candidates": [["content": ["role": "model", "parts": [["text": "stood alone."], ["thought": true, "text": secret]]],
                             "finishReason": "STOP"]]],
        ].map { "data: " + json($0) + "\r\n\r\n" }.joined()),
        // DeepSeek and llama.cpp send `reasoning_content`; OpenRouter and Ollama's /v1 send `reasoning`.
        ("openai", [
            ["choices": [["index": 0, "delta": ["role": "assistant", "reasoning_content": secret]]]],
            ["choices": [["index": 0, "delta": ["reasoning": secret]]]],
            ["choices": [["index": 0, "delta": ["content": "The lighthouse ", "reasoning_content": NSNull()]]]],
            ["choices": [["index": 0, "delta": ["content": "stood alone."]]]],
            ["choices": [["index": 0, "delta": [String: Any](), "finish_reason": "stop"]]],
        ].map { "data: " + json($0) + "\n\n" }.joined() + "data: [DONE]\n\n"),
        ("ollama", [
            ["message": ["role": "assistant", "content": "", "thinking": secret], "done": false],
            ["message": ["role": "assistant", "content": "The lighthouse ", "thinking": secret], "done": false],
            ["message": ["role": "assistant", "content": "stood alone."], "done": true, "done_reason": "stop"],
        ].map { json($0) + "\n" }.joined()),
        ("anthropic", [
            ("message_start", ["type": "message_start", "message": ["usage": ["input_tokens": 5]]]),
            ("content_block_start", ["type": "content_block_start", "index": 0, "content_block": ["type": "thinking", "thinking": ""]]),
            ("content_block_delta", ["type": "content_block_delta", "index": 0, "delta": ["type": "thinking_delta", "thinking": secret]]),
            ("content_block_delta", ["type": "content_block_delta", "index": 0, "delta": ["type": "signature_delta", "signature": secret]]),
            ("content_block_delta", ["type": "content_block_delta", "index": 1, "delta": ["type": "text_delta", "text": "The lighthouse "]]),
            ("content_block_delta", ["type": "content_block_delta", "index": 1, "delta": ["type": "text_delta", "text": "stood alone."]]),
            ("message_delta", ["type": "message_delta", "delta": ["stop_reason": "end_turn"], "usage": ["output_tokens": 9]]),
            ("message_stop", ["type": "message_stop"]),
        ].map { "event: \($0.0)\ndata: \(json($0.1))\n\n" }.joined()),
    ]

    @Test(arguments: streams.map(\.tier))
    func reasoningNeverReachesTheText(_ tier: String) async throws {
        let body = Array(try #require(Self.streams.first { $0.tier == tier }).body.utf8)
        for chunking in [ReplayTransport.Chunking.whole, .every(1)] {
            let transport = ReplayTransport(body: body, chunking: chunking)
            let provider = ProviderCatalog.provider(tier, endpoint: Endpoint(baseURL: "http://127.0.0.1:9", model: "m"),
                                                    transport: transport)
            var text = ""
            var finish: FinishReason?
            for try await event in provider.stream(ChatRequest(messages: [.init(.user, "Go.")])) {
                switch event {
                case .text(let piece): text += piece
                case .finish(let reason): finish = reason
                case .usage: break
                }
            }
            #expect(text == Self.answer)
            #expect(finish == .stop)
        }
    }

    @Test func reasoningAloneIsNoAnswerThroughTheChain() async throws {
        // Only thoughts, then STOP: nothing visible, so nothing reaches the caller as text.
        let body = "data: " + Self.json(["candidates": [["content": ["parts": [["text": Self.secret, "thought": true]]],
                                                          "finishReason": "STOP"]]]) + "\r\n\r\n"
        let provider = ProviderCatalog.provider("gemini", endpoint: Endpoint(baseURL: "http://127.0.0.1:9", model: "m"),
                                                transport: ReplayTransport(body: Array(body.utf8)))
        let chain = ProviderChain(tiers: [provider], configuration: .init(), clock: ChainClock(VirtualClock()))
        var seen = ""
        do {
            for try await event in chain.stream(ChatRequest(messages: [.init(.user, "Go.")])) {
                seen += String(describing: event)
            }
        } catch {
            seen += String(describing: error)
        }
        #expect(!seen.contains("PRIVATE-REASONING"))
    }

    @Test(arguments: ["gemini", "anthropic", "openai", "ollama"])
    func aMalformedRecordIsReportedWithoutQuotingIt(_ tier: String) async throws {
        // A record cut short mid-thought: the error says it is malformed, not what it said.
        let record = #"{"candidates":[{"content":{"parts":[{"text":"\#(Self.secret)","thought":true"#
        let body = tier == "ollama" ? record + "\n" : (tier == "gemini" ? "data: \(record)\r\n\r\n" : "data: \(record)\n\n")
        let provider = ProviderCatalog.provider(tier, endpoint: Endpoint(baseURL: "http://127.0.0.1:9", model: "m"),
                                                transport: ReplayTransport(body: Array(body.utf8)))
        do {
            for try await _ in provider.stream(ChatRequest(messages: [.init(.user, "Go.")])) {}
            Issue.record("a malformed record must fail the stream")
        } catch {
            #expect(String(describing: error).contains("malformed JSON"))
            #expect(!String(describing: error).contains("PRIVATE-REASONING"))
        }
    }
}
