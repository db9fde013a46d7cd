import CCurl

/// A `Transport` over libcurl.
///
/// Each request runs on its own thread, outside Swift's cooperative pool, driving a
/// curl multi handle. Body bytes reach the stream as soon as libcurl delivers them, and
/// cancelling the consuming task wakes the thread and aborts the transfer at once.
public struct CurlTransport: Transport {
    /// Creates a transport. libcurl is initialised once per process, on first use.
    public init() {
        _ = Self.globalInit
    }

    /// `curl_global_init` is not thread-safe; a static let runs it exactly once.
    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    public func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, any Error> {
        AsyncThrowingStream { continuation in
            let transfer = CurlTransfer(request: request, continuation: continuation)
            continuation.onTermination = { _ in transfer.cancel() }
            transfer.start()
        }
    }
}
