import FolioHTTP
import FolioProviders
import Synchronization

/// A `Transport` that answers every request with recorded bytes, split into the
/// body parts a test chooses, and remembers the requests it was sent.
public struct ReplayTransport: Transport {
    /// How the body is split into `.body` parts.
    public enum Chunking: Sendable {
        /// One part holding the whole body.
        case whole
        /// Parts of `size` bytes (the last may be shorter).
        case every(Int)
        /// Parts split at these byte offsets.
        case at([Int])
    }

    /// How the response ends early, as if the connection broke.
    public enum Cut: Sendable {
        /// The stream ends cleanly after this many body bytes.
        case end(afterBytes: Int)
        /// The stream throws `TransportError.broken` after this many body bytes.
        case fail(afterBytes: Int)
    }

    private let head: HTTPResponseHead
    private let body: [UInt8]
    private let chunking: Chunking
    private let cut: Cut?
    private let log = RequestLog()

    /// Creates a transport that replays `head` and `body`.
    public init(
        head: HTTPResponseHead = HTTPResponseHead(status: 200, headers: ["content-type": "text/event-stream"]),
        body: [UInt8],
        chunking: Chunking = .whole,
        cut: Cut? = nil
    ) {
        self.head = head
        self.body = body
        self.chunking = chunking
        self.cut = cut
    }

    /// The requests received so far, oldest first.
    public var requests: [HTTPRequest] { log.requests.withLock { $0 } }

    public func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, any Error> {
        log.requests.withLock { $0.append(request) }
        let (stream, continuation) = AsyncThrowingStream<HTTPStreamPart, any Error>.makeStream()
        continuation.yield(.head(head))
        for part in parts() { continuation.yield(.body(part)) }
        if case .fail = cut {
            continuation.finish(throwing: TransportError.broken("the connection was reset"))
        } else {
            continuation.finish()
        }
        return stream
    }

    /// The body parts to send, after the cut.
    private func parts() -> [[UInt8]] {
        var limit = body.count
        switch cut {
        case .end(let bytes)?, .fail(let bytes)?: limit = min(max(bytes, 0), body.count)
        case nil: break
        }
        var offsets: [Int]
        switch chunking {
        case .whole: offsets = []
        case .every(let size): offsets = Array(stride(from: max(size, 1), to: limit, by: max(size, 1)))
        case .at(let points): offsets = points.filter { $0 > 0 && $0 < limit }.sorted()
        }
        offsets.append(limit)
        var parts: [[UInt8]] = []
        var start = 0
        for end in offsets where end > start {
            parts.append(Array(body[start..<end]))
            start = end
        }
        return parts
    }
}

/// Requests seen by a `ReplayTransport`, shared by its copies.
private final class RequestLog: Sendable {
    let requests = Mutex<[HTTPRequest]>([])
}
