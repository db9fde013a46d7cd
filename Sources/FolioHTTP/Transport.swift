/// Moves bytes over HTTP. Provider clients speak only to this protocol, so they are
/// tested over any byte source and run over libcurl.
public protocol Transport: Sendable {
    /// Sends `request` and streams the response: `.head` first, then `.body` parts as
    /// bytes arrive. Cancelling the consuming task aborts the transfer promptly.
    /// Connection failures and timeouts throw `TransportError`.
    func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, any Error>
}
