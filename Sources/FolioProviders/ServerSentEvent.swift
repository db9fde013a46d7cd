/// One event of a `text/event-stream`, as the WHATWG EventSource specification dispatches it.
public struct ServerSentEvent: Sendable, Hashable {
    /// The `event:` field; `nil` when the event set none (the spec's default type, `message`).
    public var event: String?
    /// The `data:` lines of the event, joined with `"\n"`.
    public var data: String
    /// The last event ID in effect when the event was dispatched.
    ///
    /// As in the spec, an `id:` field is remembered for the events that follow it;
    /// `nil` until the stream has sent any `id:`.
    public var id: String?
    /// The `retry:` value (milliseconds) sent within this event's block, if any.
    public var retry: Int?

    /// Creates an event.
    public init(event: String? = nil, data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}
