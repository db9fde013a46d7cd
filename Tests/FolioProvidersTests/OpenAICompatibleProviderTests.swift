import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation
import Testing

@Suite("OpenAICompatibleProvider")
struct OpenAICompatibleProviderTests {
    static let openAIText = "The little café by the harbour opened at dawn ☕🌅."
    static let llamaText = "The Lighthouse of Calypoon, a shining example of the enduring spirit of humanity, "
        + "stands alongside the majestic cliffs of the island of Calypoon, where a lone lighthouse, "
        + "a symbol of hope and"
    static let key = "sk-test-9f8e7d6c5b4a"

    private let request = ChatRequest(messages: [.init(.user, "Write two sentences about a lighthouse.")], maxTokens: 40)

    private func provider(_ transport: ReplayTransport, key: String? = key, baseURL: String = "http://127.0.0.1:18080/v1") -> OpenAICompatibleProvider {
        OpenAICompatibleProvider(
            name: "local",
            endpoint: Endpoint(baseURL: baseURL, apiKey: key.map(Secret.init), model: "smollm2"),
            transport: transport
        )
    }

    /// Collects a whole stream: the concatenated text and the closing events.
    private func collect(_ provider: OpenAICompatibleProvider, _ request: ChatRequest) async throws -> (text: String, closing: [StreamEvent]) {
        var text = ""
        var closing: [StreamEvent] = []
        for try await event in provider.stream(request) {
            if case .text(let piece) = event {
                #expect(closing.isEmpty, "text after usage or finish")
                #expect(!piece.isEmpty)
                text += piece
            } else {
                closing.append(event)
            }
        }
        return (text, closing)
    }

    private func error(from provider: OpenAICompatibleProvider) async -> (any Error)? {
        do {
            _ = try await collect(provider, request)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Recorded streams

    static let chunkings: [ReplayTransport.Chunking] = [.whole, .every(1), .every(3), .every(7), .every(4096)]

    @Test(arguments: chunkings)
    func replaysOpenAIStream(chunking: ReplayTransport.Chunking) async throws {
        let transport = ReplayTransport(body: try Fixtures.bytes("openai-chat-stream.txt"), chunking: chunking)
        let (text, closing) = try await collect(provider(transport), request)
        #expect(text == Self.openAIText)
        #expect(closing == [.usage(TokenUsage(promptTokens: 19, completionTokens: 12)), .finish(.stop)])
    }

    @Test(arguments: chunkings)
    func replaysLlamaCppStream(chunking: ReplayTransport.Chunking) async throws {
        let transport = ReplayTransport(body: try Fixtures.bytes("llamacpp-chat-stream.txt"), chunking: chunking)
        let (text, closing) = try await collect(provider(transport), request)
        #expect(text == Self.llamaText)
        #expect(closing == [.usage(TokenUsage(promptTokens: 37, completionTokens: 40)), .finish(.length)])
    }

    @Test func splitsInsideMultiByteCharacters() async throws {
        let body = try Fixtures.bytes("openai-chat-stream.txt")
        // Cut after the first byte of every non-ASCII character (é, ☕ and the 🌅's bytes).
        let offsets = body.indices.filter { body[$0] >= 0xC0 }.map { $0 + 1 }
        #expect(offsets.count == 3)
        let transport = ReplayTransport(body: body, chunking: .at(offsets))
        let (text, _) = try await collect(provider(transport), request)
        #expect(text == Self.openAIText)
    }

    // MARK: The request

    @Test func sendsModelMessagesAndStreamOptions() async throws {
        let transport = ReplayTransport(body: try Fixtures.bytes("openai-chat-stream.txt"))
        _ = try await collect(provider(transport, baseURL: "https://api.example.com/v1/"), request)
        let sent = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(sent.method == "POST")
        #expect(sent.url == "https://api.example.com/v1/chat/completions")

        let json = try #require(try JSONSerialization.jsonObject(with: Data(sent.body)) as? [String: Any])
        #expect(json["model"] as? String == "smollm2")
        #expect(json["stream"] as? Bool == true)
        #expect(json["max_tokens"] as? Int == 40)
        #expect((json["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
        let messages = try #require(json["messages"] as? [[String: Any]])
        #expect(messages.count == 1)
        #expect(messages.first?["role"] as? String == "user")
        #expect(messages.first?["content"] as? String == "Write two sentences about a lighthouse.")
        #expect(json["response_format"] == nil)
        #expect(json["temperature"] == nil)
        #expect(json["stop"] == nil)
    }

    @Test func sendsResponseFormatForASchema() async throws {
        let transport = ReplayTransport(body: try Fixtures.bytes("llamacpp-chat-stream.txt"))
        var request = request
        request.model = "other-model"
        request.temperature = 0.5
        request.stop = ["\n\n"]
        request.jsonSchema = #"{"type":"object","properties":{"title":{"type":"string","maxLength":80}},"required":["title"]}"#
        _ = try await collect(provider(transport), request)

        let body = try #require(transport.requests.first?.body)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(json["model"] as? String == "other-model")
        #expect(json["temperature"] as? Double == 0.5)
        #expect(json["stop"] as? [String] == ["\n\n"])
        let format = try #require(json["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_schema")
        let wrapper = try #require(format["json_schema"] as? [String: Any])
        #expect(wrapper["name"] as? String == "answer")
        #expect(wrapper["strict"] as? Bool == true)
        let schema = try #require(wrapper["schema"] as? [String: Any])
        #expect(schema["type"] as? String == "object")
        #expect(schema["required"] as? [String] == ["title"])
        let title = (schema["properties"] as? [String: Any])?["title"] as? [String: Any]
        #expect(title?["maxLength"] as? Int == 80)
    }

    @Test func rejectsASchemaThatIsNotJSON() async throws {
        var request = request
        request.jsonSchema = "{not json"
        let transport = ReplayTransport(body: try Fixtures.bytes("openai-chat-stream.txt"))
        await #expect(throws: ProviderError.self) { _ = try await collect(provider(transport), request) }
        #expect(transport.requests.isEmpty)
    }

    @Test func sendsAuthorizationOnlyWithAKey() async throws {
        let body = try Fixtures.bytes("openai-chat-stream.txt")
        let withKey = ReplayTransport(body: body)
        _ = try await collect(provider(withKey), request)
        let headers = try #require(withKey.requests.first?.headers)
        #expect(headers.contains { $0.name == "Authorization" && $0.value == "Bearer \(Self.key)" })
        #expect(headers.contains { $0.name == "Content-Type" && $0.value == "application/json" })
        #expect(headers.contains { $0.name == "Accept" && $0.value == "text/event-stream" })

        let withoutKey = ReplayTransport(body: body)
        _ = try await collect(provider(withoutKey, key: nil), request)
        let bare = try #require(withoutKey.requests.first?.headers)
        #expect(!bare.contains { $0.name.lowercased() == "authorization" })
    }

    // MARK: Failures

    @Test func httpErrorCarriesStatusRetryAfterAndMessage() async throws {
        let body = #"""
        {
          "error": {
            "message": "Rate limit reached for gpt-4o-mini on tokens per min. Limit 200000, Used 199000.\nPlease try again in 20s. Key sk-test-9f8e7d6c5b4a.",
            "type": "tokens",
            "param": null,
            "code": "rate_limit_exceeded"
          }
        }
        """#
        let transport = ReplayTransport(
            head: HTTPResponseHead(status: 429, headers: ["retry-after": "20", "content-type": "application/json"]),
            body: Array(body.utf8),
            chunking: .every(5)
        )
        let error = try #require(await error(from: provider(transport)) as? ProviderError)
        #expect(error.status == 429)
        #expect(error.retryAfter == 20)
        #expect(error.provider == "local")
        #expect(error.message.hasPrefix("Rate limit reached for gpt-4o-mini on tokens per min. Limit 200000, Used 199000. Please try again in 20s."))
        #expect(!error.message.contains("\n"))
        #expect(!error.description.contains(Self.key))
        #expect(!"\(error)".contains(Self.key))
        #expect(transport.requests.count == 1, "the request must not be re-sent to read the error")
    }

    @Test func httpErrorWithoutJSONUsesTheBodyText() async throws {
        let transport = ReplayTransport(
            head: HTTPResponseHead(status: 502, headers: [:]),
            body: Array(("<html>\n<body>Bad gateway " + String(repeating: "x", count: 500) + "</body></html>").utf8)
        )
        let error = try #require(await error(from: provider(transport)) as? ProviderError)
        #expect(error.status == 502)
        #expect(error.retryAfter == nil)
        #expect(error.message.hasPrefix("<html> <body>Bad gateway xxx"))
        #expect(error.message.count <= 201)
    }

    @Test func readsOnlyABoundedErrorBody() async throws {
        let transport = ReplayTransport(
            head: HTTPResponseHead(status: 500, headers: [:]),
            body: Array(repeating: UInt8(ascii: "y"), count: 1 << 20),
            chunking: .every(8192)
        )
        let error = try #require(await error(from: provider(transport)) as? ProviderError)
        #expect(error.status == 500)
        #expect(error.message.count <= 201)
    }

    @Test func llamaCppErrorBodyGivesItsMessage() async throws {
        let transport = ReplayTransport(
            head: HTTPResponseHead(status: 400, headers: ["content-type": "application/json; charset=utf-8"]),
            body: Array(#"{"error":{"code":400,"message":"Expected 'messages' to be an array","type":"invalid_request_error"}}"#.utf8)
        )
        let error = try #require(await error(from: provider(transport)) as? ProviderError)
        #expect(error.status == 400)
        #expect(error.message == "Expected 'messages' to be an array")
    }

    @Test(arguments: [ReplayTransport.Cut.end(afterBytes: 1500), .fail(afterBytes: 1500)])
    func cutStreamIsBroken(cut: ReplayTransport.Cut) async throws {
        let transport = ReplayTransport(body: try Fixtures.bytes("llamacpp-chat-stream.txt"), chunking: .every(100), cut: cut)
        let error = try #require(await error(from: provider(transport)) as? TransportError)
        #expect(error.isBroken)
    }

    @Test func streamCutAfterTheFinishReasonStillFinishes() async throws {
        // The finish chunk arrived; only usage and [DONE] were lost.
        let body = try Fixtures.bytes("openai-chat-stream.txt")
        let finishChunk = Array(#""finish_reason":"stop"}],"usage":null}"#.utf8) + [0x0A, 0x0A]
        let start = try #require(body.indices.first { body[$0...].starts(with: finishChunk) })
        let cutAt = start + finishChunk.count
        let transport = ReplayTransport(body: body, chunking: .every(7), cut: .end(afterBytes: cutAt))
        let (streamed, closing) = try await collect(provider(transport), request)
        #expect(streamed == Self.openAIText)
        #expect(closing == [.finish(.stop)])
    }

    @Test func malformedJSONIsAProviderError() async throws {
        let body = Array("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: {\"choices\":[{\"delta\":\n\n".utf8)
        let error = try #require(await error(from: provider(ReplayTransport(body: body))) as? ProviderError)
        #expect(error.message.contains("malformed JSON"))
        #expect(error.status == nil)
    }

    @Test func errorObjectInTheStreamIsAProviderError() async throws {
        let body = Array("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: {\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\"}}\n\n".utf8)
        let error = try #require(await error(from: provider(ReplayTransport(body: body))) as? ProviderError)
        #expect(error.message == "The server had an error while processing your request.")
    }

    @Test func finishesExactlyOnce() async throws {
        // [DONE] twice and trailing junk after it must not produce more events.
        var body = try Fixtures.bytes("openai-chat-stream.txt")
        body += Array("data: [DONE]\n\ndata: {not json\n\n".utf8)
        let (_, closing) = try await collect(provider(ReplayTransport(body: body, chunking: .every(3))), request)
        #expect(closing.filter { if case .finish = $0 { true } else { false } }.count == 1)
    }
}

extension ReplayTransport.Chunking: CustomTestStringConvertible {
    public var testDescription: String {
        switch self {
        case .whole: "whole"
        case .every(let size): "every \(size)"
        case .at(let offsets): "at \(offsets)"
        }
    }
}

extension ReplayTransport.Cut: CustomTestStringConvertible {
    public var testDescription: String {
        switch self {
        case .end(let bytes): "end after \(bytes)"
        case .fail(let bytes): "fail after \(bytes)"
        }
    }
}
