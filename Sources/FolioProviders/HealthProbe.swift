import FolioCore
import FolioHTTP
import Foundation

/// Checks a provider tier without spending tokens: it lists models (`GET /models`,
/// `/v1/models`, `/v1beta/models`, `/api/tags`) or asks llama.cpp's `/health`.
public struct HealthProbe: Sendable {
    let transport: any Transport
    private let timeout: Double

    /// A probe over `transport`, giving each tier `timeout` seconds.
    public init(transport: any Transport, timeout: Double = 10) {
        self.transport = transport
        self.timeout = timeout
    }

    /// The `GET` request that checks a tier of `format` at `endpoint`.
    public func request(format: any ProviderWireFormat.Type, endpoint: Endpoint) -> HTTPRequest {
        let key = endpoint.apiKey.map(\.value).flatMap { $0.isEmpty ? nil : $0 }
        let check = format.init().healthCheck(root: StreamingHTTPCall.root(endpoint.baseURL), apiKey: key)
        return HTTPRequest(method: "GET", url: check.url, headers: [("Accept", "application/json")] + check.headers,
                           connectTimeout: timeout, idleTimeout: timeout)
    }

    /// The `GET /health` request of the llama.cpp server at `baseURL` (with or without `/v1`).
    public func llamaServerHealthRequest(baseURL: String) -> HTTPRequest {
        var root = StreamingHTTPCall.root(baseURL)
        if root.hasSuffix("/v1") { root.removeLast(3) }
        return HTTPRequest(method: "GET", url: root + "/health", connectTimeout: timeout, idleTimeout: 10)
    }

    /// Sends `request` and reports reachability, status, latency and the server's
    /// explanation of an error — hiding `apiKey`.
    public func check(_ request: HTTPRequest, apiKey: String?) async -> (reachable: Bool, status: Int?, latencyMilliseconds: Double?, detail: String) {
        let clock = ContinuousClock()
        let started = clock.now
        var status: Int?
        var latency: Double?
        var body: [UInt8] = []
        do {
            for try await part in transport.stream(request) {
                switch part {
                case .head(let head):
                    status = head.status
                    latency = started.duration(to: clock.now).seconds * 1000
                case .body(let bytes):
                    if body.count < 16 * 1024 { body += bytes.prefix(16 * 1024 - body.count) }
                }
            }
        } catch {
            if status == nil {
                return (false, nil, nil, ErrorBodyText.oneLine(String(describing: error), hiding: apiKey))
            }
        }
        guard let status else { return (false, nil, nil, "no response") }
        if (200..<300).contains(status) { return (true, status, latency, "ok") }
        let message = ErrorBodyText.parse(body, hiding: apiKey).message ?? "HTTP \(status)"
        return (true, status, latency, message)
    }
}
