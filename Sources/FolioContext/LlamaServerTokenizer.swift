import FolioCore
import FolioHTTP
import Foundation

/// The local model's own tokenizer, asked of its running llama.cpp server:
/// `POST /tokenize {"content": …}` answers `{"tokens": [...]}` with the ids the model sees
/// (no special tokens added).
public struct LlamaServerTokenizer: Sendable {
    /// The server's root, without `/v1` (`http://127.0.0.1:8080`).
    public let rootURL: String
    let transport: any Transport

    /// A tokenizer for the server at `rootURL`.
    public init(rootURL: String, transport: any Transport) {
        self.rootURL = rootURL.hasSuffix("/v1") ? String(rootURL.dropLast(3)) : rootURL
        self.transport = transport
    }

    private struct Answer: Decodable {
        let tokens: [Int]
    }

    /// The ids of `text` under the server's model.
    public func encode(_ text: String) async throws -> [Int] {
        let body = try JSONSerialization.data(withJSONObject: ["content": text, "add_special": false])
        let request = HTTPRequest(method: "POST", url: rootURL + "/tokenize",
                                  headers: [("Content-Type", "application/json")], body: Array(body))
        let (status, bytes) = try await transport.response(to: request)
        guard status == 200 else {
            throw FolioError.runtime("the local model server's /tokenize answered HTTP \(status)")
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: Data(bytes)).tokens
        } catch {
            throw FolioError.runtime("the local model server's /tokenize answer was not {\"tokens\": [...]}")
        }
    }
}
