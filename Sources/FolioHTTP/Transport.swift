/// Moves bytes over HTTP. Provider clients speak only to this protocol, so they are
/// tested over any byte source and run over libcurl.
public protocol Transport: Sendable {
    /// Sends `request` and streams the response: `.head` first, then `.body` parts as
    /// bytes arrive. Cancelling the consuming task aborts the transfer promptly.
    /// Connection failures and timeouts throw `TransportError`.
    func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, any Error>
}

extension Transport {
    /// Sends `request` and reads its whole response: the status (0 if no head came) and the body.
    public func response(to request: HTTPRequest) async throws -> (status: Int, body: [UInt8]) {
        var status = 0
        var body: [UInt8] = []
        for try await part in stream(request) {
            switch part {
            case .head(let head): status = head.status
            case .body(let chunk): body += chunk
            }
        }
        return (status, body)
    }
}
