import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation
import Testing

/// The seed goes to every OpenAI-style server; llama.cpp's repetition fields and grammar only to the `local` tier.
@Suite struct RepetitionControlWireTests {
    func body(tier: String) async throws -> [String: Any] {
        let transport = ReplayTransport(body: try Fixtures.bytes("llamacpp-chat-stream.txt"))
        let provider = OpenAICompatibleProvider(
            name: tier, endpoint: Endpoint(baseURL: "http://127.0.0.1:18080/v1", model: "smollm2"),
            transport: transport)
        var request = ChatRequest(
            messages: [.init(.user, "Hi.")], maxTokens: 8, seed: 42,
            repetition: RepetitionControl(repeatPenalty: 1.1, dryMultiplier: 0.8, dryBase: 1.75, dryAllowedLength: 3,
                                          dryPenaltyLastN: 4096, cachePrompt: true))
        request.grammar = #"root ::= "Hi.""#
        request.slot = 2
        request.textBias = [" keeper": 2, " lighthouse": 2]
        for try await _ in provider.stream(request) {}
        let sent = try #require(transport.requests.first)
        return try #require(try JSONSerialization.jsonObject(with: Data(sent.body)) as? [String: Any])
    }

    @Test func theBundledServerGetsDRYAndThePromptCache() async throws {
        let body = try await body(tier: "local")
        #expect(body["seed"] as? Int == 42)
        #expect(body["dry_multiplier"] as? Double == 0.8)
        #expect(body["dry_allowed_length"] as? Int == 3)
        #expect(body["dry_penalty_last_n"] as? Int == 4096)
        #expect(body["repeat_penalty"] as? Double == 1.1)
        #expect(body["cache_prompt"] as? Bool == true)
        #expect(body["grammar"] as? String == #"root ::= "Hi.""#)
        #expect(body["id_slot"] as? Int == 2)
        let bias = try #require(body["logit_bias"] as? [[Any]])
        #expect(bias.map { "\($0[0])=\($0[1])" } == [" keeper=2.0", " lighthouse=2.0"] || bias.map { "\($0[0])=\($0[1])" } == [" keeper=2", " lighthouse=2"])
    }

    @Test func otherServersGetOnlyTheSeed() async throws {
        let body = try await body(tier: "openai-compatible")
        #expect(body["seed"] as? Int == 42)
        #expect(body.keys.filter { $0.hasPrefix("dry_") || $0 == "repeat_penalty" || $0 == "cache_prompt" || $0 == "grammar" || $0 == "id_slot" || $0 == "logit_bias" }.isEmpty)
    }
}
