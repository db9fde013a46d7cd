import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation
import Testing

/// The Anthropic, Gemini and Ollama clients over recorded wire traffic, split everywhere.
@Suite("Provider formats")
struct ProviderFormatTests {
    static let key = "sk-format-test-5e4d3c2b1a"
    static let anthropicText = "The lighthouse keeper lit the lamp at dusk — its beam swept the café terrace, the harbour and the boats ⚓🌊."
    static let geminiText = "Night fell on the harbour; the lighthouse woke and its beam found the café and the fishing boats ⚓🌊."
    static let ollamaText = "The keeper climbed the tower; the café below glowed ☕🌙."

    struct Case: Sendable, CustomStringConvertible {
        var tier: String
        var fixture: String
        var text: String
        var closing: [StreamEvent]
        var description: String { tier }
    }

    static let cases = [
        Case(tier: "anthropic", fixture: "anthropic-messages-stream.txt", text: anthropicText,
             closing: [.usage(TokenUsage(promptTokens: 25, completionTokens: 24)), .finish(.stop)]),
        Case(tier: "gemini", fixture: "gemini-stream.txt", text: geminiText,
             closing: [.usage(TokenUsage(promptTokens: 11, completionTokens: 24)), .finish(.stop)]),
        Case(tier: "ollama", fixture: "ollama-chat-stream.ndjson", text: ollamaText,
             closing: [.usage(TokenUsage(promptTokens: 26, completionTokens: 12)), .finish(.stop)]),
    ]

    static func provider(_ tier: String, _ transport: any Transport, baseURL: String = "http://127.0.0.1:9") -> any LanguageModelProvider {
        ProviderCatalog.provider(tier, endpoint: Endpoint(baseURL: baseURL, apiKey: Secret(key), model: "test-model"),
                                 transport: transport)
    }

    static func collect(_ provider: any LanguageModelProvider, _ request: ChatRequest = request) async throws -> (text: String, closing: [StreamEvent]) {
        var text = ""
        var closing: [StreamEvent] = []
        for try await event in provider.stream(request) {
            if case .text(let piece) = event {
                #expect(closing.isEmpty, "text after usage or finish")
                text += piece
            } else {
                closing.append(event)
            }
        }
        return (text, closing)
    }

    static let request = ChatRequest(
        messages: [.init(.system, "You write calm prose."), .init(.user, "Describe a lighthouse at dusk.")],
        maxTokens: 64, temperature: 0.5, stop: ["THE END"])

    @Test(arguments: cases)
    func replaysEverySplitPoint(_ testCase: Case) async throws {
        let body = try Fixtures.bytes(testCase.fixture)
        for offset in 1..<body.count {
            let transport = ReplayTransport(body: body, chunking: .at([offset]))
            let (text, closing) = try await Self.collect(Self.provider(testCase.tier, transport))
            #expect(text == testCase.text, "split at \(offset)")
            #expect(closing == testCase.closing, "split at \(offset)")
        }
    }

    @Test(arguments: cases)
    func replaysByteByByteAndInsideCharacters(_ testCase: Case) async throws {
        let body = try Fixtures.bytes(testCase.fixture)
        let insideCharacters = body.indices.filter { body[$0] >= 0xC0 }.flatMap { [$0 + 1, $0 + 2] }
        let betweenCRAndLF = body.indices.filter { body[$0] == 0x0D }.map { $0 + 1 }
        #expect(!insideCharacters.isEmpty)
        if testCase.tier == "gemini" { #expect(!betweenCRAndLF.isEmpty) }
        for chunking in [ReplayTransport.Chunking.every(1), .at(insideCharacters), .at(betweenCRAndLF), .whole] {
            let transport = ReplayTransport(body: body, chunking: chunking)
            let (text, closing) = try await Self.collect(Self.provider(testCase.tier, transport))
            #expect(text == testCase.text)
            #expect(closing == testCase.closing)
        }
    }

    @Test(arguments: cases)
    func replaysOverRealHTTPSplitAtAwkwardPoints(_ testCase: Case) async throws {
        let body = try Fixtures.bytes(testCase.fixture)
        // Cut inside every multi-byte character and between every CR and LF, each part its own write.
        let points = Set(body.indices.filter { body[$0] >= 0xC0 }.map { $0 + 1 }
                         + body.indices.filter { body[$0] == 0x0D }.map { $0 + 1 }).sorted()
        var parts: [[UInt8]] = []
        var start = 0
        for point in points + [body.count] where point > start {
            parts.append(Array(body[start..<point]))
            start = point
        }
        #expect(parts.count > 3)
        let writes = parts
        try await withLoopbackServer({ _ in
            [.head(status: 200, headers: ["Content-Type": "text/event-stream"])] + writes.map { .send($0) } + [.end]
        }) { server in
            let provider = Self.provider(testCase.tier, CurlTransport(), baseURL: server.baseURL)
            let (text, closing) = try await Self.collect(provider)
            #expect(text == testCase.text)
            #expect(closing == testCase.closing)
            #expect(server.requests.count == 1)
            #expect(server.requests.first?.header(testCase.tier == "gemini" ? "x-goog-api-key" : "x-api-key")
                    == (testCase.tier == "ollama" ? nil : Self.key))
        }
    }

    @Test(arguments: cases)
    func aStreamCutMidWayIsBroken(_ testCase: Case) async throws {
        let body = try Fixtures.bytes(testCase.fixture)
        let transport = ReplayTransport(body: body, cut: .end(afterBytes: body.count * 2 / 3))
        await #expect(throws: TransportError.self) { _ = try await Self.collect(Self.provider(testCase.tier, transport)) }
    }

    // MARK: Requests

    private func json(_ request: HTTPRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
    }

    private func header(_ request: HTTPRequest, _ name: String) -> String? {
        request.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    @Test func anthropicRequestPutsSystemOnTopAndKeyInHeader() async throws {
        let transport = ReplayTransport(body: try Fixtures.bytes("anthropic-messages-stream.txt"))
        _ = try await Self.collect(Self.provider("anthropic", transport, baseURL: "https://api.example.com/"))
        let sent = try #require(transport.requests.first)
        #expect(sent.url == "https://api.example.com/v1/messages")
        #expect(header(sent, "x-api-key") == Self.key)
        #expect(header(sent, "anthropic-version") == "2023-06-01")
        #expect(header(sent, "authorization") == nil)
        let body = try json(sent)
        #expect(body["system"] as? String == "You write calm prose.")
        #expect(body["model"] as? String == "test-model")
        #expect(body["max_tokens"] as? Int == 64)
        #expect(body["stream"] as? Bool == true)
        #expect(body["stop_sequences"] as? [String] == ["THE END"])
        let messages = try #require(body["messages"] as? [[String: String]])
        #expect(messages == [["role": "user", "content": "Describe a lighthouse at dusk."]])
    }

    @Test func geminiRequestUsesSystemInstructionAndKeyHeader() async throws {
        let transport = ReplayTransport(body: try Fixtures.bytes("gemini-stream.txt"))
        let continued = Self.request.continuing(from: "The beam")
        _ = try await Self.collect(Self.provider("gemini", transport, baseURL: "https://g.example.com"), continued)
        let sent = try #require(transport.requests.first)
        #expect(sent.url == "https://g.example.com/v1beta/models/test-model:streamGenerateContent?alt=sse")
        #expect(!sent.url.contains(Self.key))
        #expect(header(sent, "x-goog-api-key") == Self.key)
        let body = try json(sent)
        let system = try #require(body["systemInstruction"] as? [String: Any])
        #expect((system["parts"] as? [[String: String]]) == [["text": "You write calm prose."]])
        let contents = try #require(body["contents"] as? [[String: Any]])
        #expect(contents.map { $0["role"] as? String } == ["user", "model", "user"])
        #expect((contents[1]["parts"] as? [[String: String]]) == [["text": "The beam"]])
        let config = try #require(body["generationConfig"] as? [String: Any])
        #expect(config["maxOutputTokens"] as? Int == 64)
        #expect(config["stopSequences"] as? [String] == ["THE END"])
    }

    @Test func ollamaRequestSendsOptionsAndSchema() async throws {
        let transport = ReplayTransport(body: try Fixtures.bytes("ollama-chat-stream.ndjson"))
        var request = Self.request
        request.jsonSchema = #"{"type":"object"}"#
        _ = try await Self.collect(
            ProviderCatalog.provider("ollama", endpoint: Endpoint(baseURL: "127.0.0.1:11434", model: "llama3.2"),
                                     transport: transport), request)
        let sent = try #require(transport.requests.first)
        #expect(sent.url == "http://127.0.0.1:11434/api/chat")
        #expect(header(sent, "authorization") == nil)
        let body = try json(sent)
        #expect(body["model"] as? String == "llama3.2")
        #expect(body["stream"] as? Bool == true)
        #expect((body["format"] as? [String: String]) == ["type": "object"])
        let options = try #require(body["options"] as? [String: Any])
        #expect(options["num_predict"] as? Int == 64)
        #expect(options["stop"] as? [String] == ["THE END"])
        #expect((body["messages"] as? [[String: String]])?.first == ["role": "system", "content": "You write calm prose."])
    }

    // MARK: Errors

    @Test func anthropicOverloadedEventFailsTheStreamAfterItsText() async throws {
        let transport = ReplayTransport(body: try Fixtures.bytes("anthropic-overloaded-stream.txt"))
        var text = ""
        do {
            for try await event in Self.provider("anthropic", transport).stream(Self.request) {
                if case .text(let piece) = event { text += piece }
            }
            Issue.record("the stream should fail")
        } catch let error as ProviderError {
            #expect(error.errorType == "overloaded_error")
            #expect(error.status == nil)
            #expect(error.message.contains("Overloaded"))
        }
        #expect(text == "The lighthouse keeper")
    }

    @Test(arguments: ProviderWire.Format.allCases)
    func httpErrorBodyIsReadFromTheSameResponse(_ format: ProviderWire.Format) async throws {
        let tier = format == .openAI ? "openai" : format.rawValue
        let body = ProviderWire.errorBody(format, status: 429, message: "Slow down, key \(Self.key) is busy", type: "rate_limit_error")
        let transport = ReplayTransport(head: HTTPResponseHead(status: 429, headers: ["retry-after": "7"]), body: Array(body.utf8))
        do {
            _ = try await Self.collect(Self.provider(tier, transport))
            Issue.record("expected an error")
        } catch let error as ProviderError {
            #expect(error.status == 429)
            #expect(error.retryAfter == 7)
            #expect(error.message.contains("Slow down"))
            #expect(!error.message.contains(Self.key))
            #expect(!String(describing: error).contains(Self.key))
        }
        #expect(transport.requests.count == 1)
    }

    @Test(arguments: ["anthropic", "gemini", "ollama"])
    func malformedJSONIsAProviderError(_ tier: String) async throws {
        let body = tier == "ollama" ? "{\"message\":{\"content\":\"Hi\"},\"done\":false}\n{not json\n" : "data: {not json\n\n"
        let transport = ReplayTransport(body: Array(body.utf8))
        await #expect(throws: ProviderError.self) { _ = try await Self.collect(Self.provider(tier, transport)) }
    }
}
