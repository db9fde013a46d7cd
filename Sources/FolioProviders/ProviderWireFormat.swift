import FolioCore
import FolioHTTP
import Foundation

/// One provider's wire protocol, all a client needs beyond the shared run loop: how a
/// request is sent, how the streamed answer reads, and how the tier is checked.
///
/// `WireProvider` does the rest for every format: it sends the request once, reads an HTTP
/// error's explanation from the same response, splits the body into records, feeds them
/// to the format's state machine and decides how the body's end reads. Adding a provider
/// is one type conforming to this protocol plus one line in `ProviderCatalog.tiers`.
public protocol ProviderWireFormat: Sendable {
    /// The format's name (`openai`, `anthropic`, …), also the default tier name of its client.
    static var name: String { get }
    /// How the streamed body is split into records.
    static var framing: StreamFraming { get }
    /// Creates the format.
    init()
    /// The URL, headers and body that ask `endpoint` for `request`; the client sets the
    /// timeouts. `tier` names the tier in errors (e.g. a JSON schema that is not JSON).
    func httpRequest(for request: ChatRequest, endpoint: Endpoint, tier: String) throws -> HTTPRequest
    /// A fresh state machine for one answer, hiding `apiKey` in every message it writes.
    func makeState(tier: String, apiKey: String?) -> any WireStreamState
    /// The `GET` that checks a tier at `root` (its base URL without trailing slashes)
    /// without spending tokens, usually a model list.
    func healthCheck(root: String, apiKey: String?) -> (url: String, headers: [(name: String, value: String)])
}

extension ProviderWireFormat {
    /// A client speaking this format: `WireProvider<Self>`.
    static func client(name: String, endpoint: Endpoint, transport: any Transport,
                       connectTimeout: Double, idleTimeout: Double) -> any LanguageModelProvider {
        WireProvider<Self>(name: name, endpoint: endpoint, transport: transport,
                           connectTimeout: connectTimeout, idleTimeout: idleTimeout)
    }

    /// `request` encoded as JSON with sorted keys, as every format sends it.
    static func jsonBody(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// `{"type": "object", …}`: a caller's JSON schema, parsed, or a one-line error for `tier`.
    static func schema(_ text: String?, tier: String) throws -> JSONValue? {
        guard let text else { return nil }
        guard let schema = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
            throw ProviderError(provider: tier, message: "the JSON schema for the answer is not valid JSON")
        }
        return schema
    }
}
