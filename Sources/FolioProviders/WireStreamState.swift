import Foundation

/// One provider's stream-state machine: turns the records of its wire format into
/// `StreamEvent`s and says when the answer is complete.
///
/// The shared run loop feeds it every record (a server-sent event, or an NDJSON line as an
/// event's `data`), then calls `end()` when the body ends without `isDone`.
public protocol WireStreamState {
    /// The answer is complete; the rest of the body, if any, is not read.
    var isDone: Bool { get }
    /// Handles one record; throws `ProviderError` for an error record or malformed JSON.
    mutating func handle(_ record: ServerSentEvent) throws -> [StreamEvent]
    /// The body ended before `isDone`: returns the closing events if the answer is
    /// complete anyway, or throws `TransportError.broken` if it was cut.
    mutating func end() throws -> [StreamEvent]
    /// Whether `data`, the record pending when the body ended, is whole rather than cut
    /// off in transit. By default: it parses as JSON.
    func isWholeRecord(_ data: String) -> Bool
}

extension WireStreamState {
    /// A record is whole when it parses as JSON.
    public func isWholeRecord(_ data: String) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(data.utf8), options: [.fragmentsAllowed])) != nil
    }
}
