/// Turns libcurl's header and body callbacks into stream parts.
///
/// Only the transfer thread touches a reader: libcurl calls back from inside
/// `curl_multi_perform`, which that thread alone drives.
final class CurlResponseReader {
    private let continuation: AsyncThrowingStream<HTTPStreamPart, any Error>.Continuation
    private var status = 0
    private var headers: [String: String] = [:]
    private var headSent = false
    /// When the last header or body bytes arrived (or the transfer began).
    private(set) var lastActivity = ContinuousClock.now

    init(continuation: AsyncThrowingStream<HTTPStreamPart, any Error>.Continuation) {
        self.continuation = continuation
    }

    /// Takes one header line as libcurl hands it over: the status line, a field, or the
    /// blank line that ends the block. A final (non-1xx) block is sent on as the head.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        lastActivity = .now
        guard !headSent else { return }  // trailers after a chunked body
        let line = String(decoding: bytes, as: UTF8.self)
            .trimmingSuffix { $0.isNewline }
        if line.hasPrefix("HTTP/") {
            let fields = line.split(separator: " ", maxSplits: 2)
            status = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            headers = [:]
        } else if line.isEmpty {
            if status >= 200 { sendHead() }
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingSpaces().lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
    }

    /// Sends body bytes on; returns false when nobody is listening any more.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lastActivity = .now
        sendHead()
        guard !bytes.isEmpty else { return true }
        if case .terminated = continuation.yield(.body(Array(bytes))) { return false }
        return true
    }

    /// Sends the head if a status line arrived but the head has not gone out yet, as for
    /// a response without a body.
    func finishHead() {
        if status > 0 { sendHead() }
    }

    private func sendHead() {
        guard !headSent else { return }
        headSent = true
        continuation.yield(.head(HTTPResponseHead(status: status, headers: headers)))
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.trimmingSuffix { $0 == " " || $0 == "\t" })
    }

    fileprivate func trimmingSuffix(while isTrimmed: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex, isTrimmed(self[index(before: end)]) {
            end = index(before: end)
        }
        return self[..<end]
    }
}
