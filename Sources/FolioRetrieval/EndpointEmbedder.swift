import FolioCore
import FolioHTTP
import FolioProviders
import Foundation

/// Embeddings from a provider's HTTP endpoint: OpenAI-style `POST {base}/embeddings`
/// (`{"model", "input": [...]}` → `{"data": [{"index", "embedding"}]}`) or Ollama's
/// `POST {host}/api/embed` (`{"model", "input": [...]}` → `{"embeddings": [[...]]}`).
/// Vectors are L2-normalised here, whatever the server returns.
public struct EndpointEmbedder: Embedder {
    /// The two wire formats.
    public enum Wire: String, Sendable {
        /// OpenAI's embeddings API (OpenAI, vLLM, llama-server, LM Studio…).
        case openAI
        /// Ollama's `/api/embed`.
        case ollama
    }

    /// Which format the endpoint speaks.
    public let wire: Wire
    /// The endpoint (base URL, key, model).
    public let endpoint: Endpoint
    /// The model asked for.
    public let model: String
    public let dimension: Int
    public var modelID: String { "\(wire.rawValue):\(model)" }
    /// Texts per request.
    public var batchSize: Int
    let transport: any Transport

    /// Creates an embedder; `dimension` must be what the model returns.
    public init(wire: Wire, endpoint: Endpoint, model: String? = nil, dimension: Int,
                transport: any Transport, batchSize: Int = 64) {
        self.wire = wire
        self.endpoint = endpoint
        self.model = model ?? endpoint.model
        self.dimension = dimension
        self.transport = transport
        self.batchSize = max(1, batchSize)
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        var result: [[Float]] = []
        result.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let batch = Array(texts[start..<min(start + batchSize, texts.count)])
            result += try await request(batch)
            start += batchSize
        }
        return result
    }

    private func request(_ texts: [String]) async throws -> [[Float]] {
        let root = endpoint.baseURL.hasSuffix("/") ? String(endpoint.baseURL.dropLast()) : endpoint.baseURL
        let url = wire == .openAI ? root + "/embeddings" : root + "/api/embed"
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if let key = endpoint.apiKey { headers.append(("Authorization", "Bearer " + key.value)) }
        let body = try JSONSerialization.data(withJSONObject: ["model": model, "input": texts])
        let (status, bytes) = try await transport.response(to: HTTPRequest(url: url, headers: headers, body: Array(body)))
        guard (200..<300).contains(status) else {
            let text = String(decoding: bytes.prefix(300), as: UTF8.self)
            throw FolioError.runtime("embeddings endpoint \(url) answered HTTP \(status): \(text)")
        }
        let vectors = try decode(bytes)
        guard vectors.count == texts.count else {
            throw FolioError.runtime("embeddings endpoint \(url) returned \(vectors.count) vectors for \(texts.count) texts")
        }
        for vector in vectors where vector.count != dimension {
            throw FolioError.runtime("embeddings endpoint \(url) returned \(vector.count) dimensions, expected \(dimension)")
        }
        return vectors.map(normalized)
    }

    private struct OpenAIResponse: Decodable {
        struct Item: Decodable { var index: Int; var embedding: [Float] }
        var data: [Item]
    }

    private struct OllamaResponse: Decodable {
        var embeddings: [[Float]]
    }

    private func decode(_ bytes: [UInt8]) throws -> [[Float]] {
        do {
            switch wire {
            case .openAI:
                return try JSONDecoder().decode(OpenAIResponse.self, from: Data(bytes)).data
                    .sorted { $0.index < $1.index }.map(\.embedding)
            case .ollama:
                return try JSONDecoder().decode(OllamaResponse.self, from: Data(bytes)).embeddings
            }
        } catch {
            throw FolioError.runtime("embeddings endpoint returned an unreadable answer: \(error)")
        }
    }
}
