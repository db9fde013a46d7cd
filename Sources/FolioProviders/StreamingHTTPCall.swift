import FolioHTTP
import Foundation

/// Sends one request over a `Transport` and hands the body of a successful response
/// to a decoder, chunk by chunk.
///
/// The request is sent once: an HTTP error's explanation is read from the body of the
/// same response (up to a limit), so a failed call is never re-sent or billed twice.
struct StreamingHTTPCall {
    /// The tier name used in errors.
    let provider: String
    /// The key to hide in every message.
    let apiKey: String?
    let transport: any Transport

    /// The most of an error response's body that is read to explain it.
    static let errorBodyLimit = 64 * 1024

    /// Streams `request`; `onBody` gets each chunk of a 2xx body and returns `true` once
    /// the answer is complete, which ends the call early. Returns whether it did.
    ///
    /// Throws `ProviderError` for a non-2xx status, `TransportError` when no response
    /// arrived, and whatever `onBody` throws.
    func run(_ request: HTTPRequest, onBody: ([UInt8]) throws -> Bool) async throws -> Bool {
        var errorHead: HTTPResponseHead?
        var errorBody: [UInt8] = []
        var sawHead = false
        reading: for try await part in transport.stream(request) {
            switch part {
            case .head(let head):
                sawHead = true
                if !(200..<300).contains(head.status) { errorHead = head }
            case .body(let bytes):
                guard sawHead else { throw TransportError.other("the response body arrived before its head") }
                if errorHead != nil {
                    errorBody.append(contentsOf: bytes.prefix(Self.errorBodyLimit - errorBody.count))
                    if errorBody.count >= Self.errorBodyLimit { break reading }
                    continue
                }
                if try onBody(bytes) { return true }
            }
        }
        try Task.checkCancellation()
        if let errorHead { throw httpError(errorHead, body: errorBody) }
        guard sawHead else { throw TransportError.broken("the connection closed before a response arrived") }
        return false
    }

    /// Explains a non-2xx response with the server's own message, never the API key.
    func httpError(_ head: HTTPResponseHead, body: [UInt8]) -> ProviderError {
        let (message, type) = ErrorBodyText.parse(body, hiding: apiKey)
        return ProviderError(
            provider: provider, status: head.status, retryAfter: ErrorBodyText.retryAfter(head),
            message: message ?? "the server sent no explanation", errorType: type)
    }
}

extension StreamingHTTPCall {
    /// `base` without trailing slashes, with `http://` added when no scheme is given
    /// (Ollama's `OLLAMA_HOST` is often `127.0.0.1:11434`).
    static func root(_ base: String) -> String {
        var base = base.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        if !base.contains("://") { base = "http://" + base }
        return base
    }
}
