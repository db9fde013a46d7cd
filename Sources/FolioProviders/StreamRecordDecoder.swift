import Foundation

/// How a provider frames the records of its streamed answer.
public enum StreamFraming: Sendable {
    /// `text/event-stream`: one record per server-sent event (OpenAI, Anthropic, Gemini).
    case serverSentEvents
    /// Newline-delimited JSON: one record per line (Ollama).
    case jsonLines
}

/// Splits a streamed body into records, whichever framing it uses: the one decoder a
/// provider's run loop feeds.
///
/// At the end of the stream the record still pending (an event without its closing
/// blank line, a last line without its newline) is returned too, since servers omit
/// those; the caller checks that it is whole.
struct StreamRecordDecoder {
    private var events: ServerSentEventDecoder
    private var lines: NDJSONDecoder
    private let framing: StreamFraming

    init(_ framing: StreamFraming) {
        self.framing = framing
        events = ServerSentEventDecoder(endOfStream: .dispatchIncompleteEvent)
        lines = NDJSONDecoder()
    }

    /// The records the next bytes complete.
    mutating func decode(_ bytes: [UInt8]) -> [ServerSentEvent] {
        switch framing {
        case .serverSentEvents: events.decode(bytes)
        case .jsonLines: lines.decode(bytes).map { ServerSentEvent(data: $0) }
        }
    }

    /// Ends the stream: the pending record, if any, and the text of lines that were not
    /// part of any event (for server-sent events; a JSON error body shows up there).
    mutating func finish() -> (pending: [ServerSentEvent], strayText: String) {
        switch framing {
        case .serverSentEvents:
            let stray = events.strayText
            return (events.finish(), stray)
        case .jsonLines:
            return (lines.finish().map { ServerSentEvent(data: $0) }, "")
        }
    }
}
