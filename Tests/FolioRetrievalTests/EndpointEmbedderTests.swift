import FolioCore
import FolioHTTP
import FolioProviders
import FolioRetrieval
import FolioTesting
import Foundation
import Testing

/// Embeddings endpoints faked on 127.0.0.1 with their documented wire formats.
@Suite("EndpointEmbedder")
struct EndpointEmbedderTests {
    @Test("OpenAI-style /embeddings: batch in, vectors by index out, normalised, key sent but never shown")
    func openAI() async throws {
        // OpenAI documents `data` items with `object`, `index` and `embedding`; order them by index.
        let body = #"{"object":"list","data":[{"object":"embedding","index":1,"embedding":[0,3,4]},{"object":"embedding","index":0,"embedding":[2,0,0]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":4,"total_tokens":4}}"#
        try await withLoopbackServer({ _ in LoopbackAction.reply(body: body) }) { server in
            let endpoint = Endpoint(baseURL: server.baseURL + "/v1", apiKey: Secret("sk-test-123"), model: "text-embedding-3-small")
            let embedder = EndpointEmbedder(wire: .openAI, endpoint: endpoint, dimension: 3, transport: CurlTransport())
            let vectors = try await embedder.embed(["first", "second"])
            #expect(vectors == [[1, 0, 0], [0, 0.6, 0.8]])
            #expect(embedder.modelID == "openAI:text-embedding-3-small")
            let request = try #require(server.requests.first)
            #expect(request.path == "/v1/embeddings")
            #expect(request.header("Authorization") == "Bearer sk-test-123")
            let sent = try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
            #expect(sent?["input"] as? [String] == ["first", "second"])
            #expect(sent?["model"] as? String == "text-embedding-3-small")
            #expect(!"\(embedder)".contains("sk-test-123"))
        }
    }

    @Test("Ollama /api/embed")
    func ollama() async throws {
        let body = #"{"model":"all-minilm","embeddings":[[0,0,5]],"total_duration":1,"load_duration":1,"prompt_eval_count":2}"#
        try await withLoopbackServer({ _ in LoopbackAction.reply(body: body) }) { server in
            let embedder = EndpointEmbedder(wire: .ollama, endpoint: Endpoint(baseURL: server.baseURL, model: "all-minilm"),
                                            dimension: 3, transport: CurlTransport())
            let vectors = try await embedder.embed(["x"])
            #expect(vectors == [[0, 0, 1]])
            #expect(server.requests.first?.path == "/api/embed")
        }
    }

    @Test("HTTP errors, wrong counts and wrong dimensions are runtime errors")
    func failures() async throws {
        try await withLoopbackServer({ _ in LoopbackAction.reply(status: 401, body: #"{"error":{"message":"bad key"}}"#) }) { server in
            let embedder = EndpointEmbedder(wire: .openAI, endpoint: Endpoint(baseURL: server.baseURL, model: "m"),
                                            dimension: 3, transport: CurlTransport())
            await #expect(throws: FolioError.self) { try await embedder.embed(["x"]) }
        }
        try await withLoopbackServer({ _ in LoopbackAction.reply(body: #"{"embeddings":[[1,2]]}"#) }) { server in
            let embedder = EndpointEmbedder(wire: .ollama, endpoint: Endpoint(baseURL: server.baseURL, model: "m"),
                                            dimension: 3, transport: CurlTransport())
            await #expect(throws: FolioError.self) { try await embedder.embed(["x"]) }
            await #expect(throws: FolioError.self) { try await embedder.embed(["x", "y"]) }
        }
    }
}
