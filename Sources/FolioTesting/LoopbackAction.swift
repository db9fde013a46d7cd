/// One step of a `LoopbackServer` response script.
public enum LoopbackAction: Sendable {
    /// Writes the status line and `headers`. Unless `headers` has a `Content-Length`, the
    /// body is sent with `Transfer-Encoding: chunked`. `Connection: close` is always added.
    case head(status: Int, headers: KeyValuePairs<String, String> = [:])
    /// Writes bytes and flushes them: as one chunk when chunked, raw otherwise.
    case send([UInt8])
    /// Waits, without writing; cut short when the server stops.
    case sleep(seconds: Double)
    /// Runs `body` on the connection's thread at this point of the script, e.g. to wait
    /// until the client has seen the bytes sent so far.
    case perform(@Sendable () -> Void)
    /// Closes the socket at once, leaving the body unfinished.
    case closeAbruptly
    /// Ends a chunked body with the final zero-length chunk.
    case end

    /// Writes `text` as UTF-8; see `send(_:)`.
    public static func send(_ text: String) -> LoopbackAction {
        .send(Array(text.utf8))
    }

    /// A complete response with a `Content-Length` body.
    public static func reply(
        status: Int = 200,
        contentType: String = "application/json",
        body: String
    ) -> [LoopbackAction] {
        let bytes = Array(body.utf8)
        return [
            .head(status: status, headers: ["Content-Type": contentType, "Content-Length": String(bytes.count)]),
            .send(bytes),
        ]
    }

    /// A `text/event-stream` response sending each event as its own chunk.
    public static func eventStream(_ events: [String], status: Int = 200) -> [LoopbackAction] {
        [.head(status: status, headers: ["Content-Type": "text/event-stream"])]
            + events.map { .send($0) }
            + [.end]
    }
}
