#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the bytes of a `text/event-stream` into events, following the WHATWG
/// EventSource specification ("Interpreting an event stream").
///
/// A pure value: feed it body bytes as they arrive, in chunks split anywhere, and
/// it returns the events those bytes completed. Lines may end in CRLF, LF or CR,
/// also when the CR and the LF of one CRLF arrive in different chunks. UTF-8 is
/// decoded per completed event, so a character split across chunks is intact;
/// invalid sequences become U+FFFD as the spec requires.
///
/// At the end of the stream an event whose closing blank line never came is, per the
/// spec, discarded; `.dispatchIncompleteEvent` dispatches it instead, completing its
/// last line, because real servers end a stream right after the last event's data
/// (Gemini, Anthropic's own SDK fixtures). A client that does this must check that the
/// pending event is whole (its JSON parses), since a cut stream ends the same way.
///
/// Lines that are neither a field the spec acts on nor a comment are ignored, as the
/// spec requires, but kept in `strayText` (up to `strayTextLimit` bytes): a server that
/// fails mid-stream may write a bare JSON error body instead of an event, and only
/// these lines show it.
///
/// ```swift
/// var decoder = ServerSentEventDecoder()
/// for try await chunk in body {
///     for event in decoder.decode(chunk) { handle(event) }
/// }
/// for event in decoder.finish() { handle(event) }
/// ```
public struct ServerSentEventDecoder: Sendable {
    /// What `finish()` does with an event whose closing blank line never came.
    public enum EndOfStream: Sendable {
        /// Discard it, as the spec requires: a stream that ends mid-event was cut.
        case discardIncompleteEvent
        /// Dispatch it, for servers that omit the final blank line.
        case dispatchIncompleteEvent
    }

    /// The reconnection time (milliseconds) most recently set by a `retry:` field.
    public var reconnectionTime: Int? { fields.reconnectionTime }

    /// The most bytes of stray lines that `strayText` keeps.
    public static let strayTextLimit = 64 * 1024

    /// The lines seen so far that were neither a known field nor a comment, joined with
    /// `"\n"`, e.g. a JSON error body sent where events were expected; empty when none.
    public var strayText: String { String(decoding: fields.strayLines, as: UTF8.self) }

    private let endOfStream: EndOfStream
    /// The bytes of a line whose terminator has not arrived yet.
    private var partialLine: [UInt8] = []
    /// The previous chunk ended in CR, so an LF starting the next one belongs to it.
    private var skipsLeadingLineFeed = false
    /// No line has been completed yet, so a byte order mark may still lead the stream.
    private var atStreamStart = true
    private var fields = FieldState()

    /// Creates a decoder; by default an unterminated last event is discarded, per the spec.
    public init(endOfStream: EndOfStream = .discardIncompleteEvent) {
        self.endOfStream = endOfStream
        partialLine.reserveCapacity(256)
    }

    /// Consumes the next bytes of the stream and returns the events they complete.
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { consume($0) }
        if handled == nil {
            Array(bytes).withUnsafeBufferPointer { consume($0) }
        }
        return fields.takeEvents()
    }

    /// Ends the stream and resets the decoder for reuse (`strayText` too).
    ///
    /// Per the spec, an event not yet closed by a blank line is incomplete and is
    /// discarded, so this returns no events; with `.dispatchIncompleteEvent` the
    /// last line is completed and the pending event dispatched instead.
    public mutating func finish() -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        if endOfStream == .dispatchIncompleteEvent {
            if !partialLine.isEmpty { completePartialLine() }
            fields.dispatch()
            events = fields.takeEvents()
        }
        self = ServerSentEventDecoder(endOfStream: endOfStream)
        return events
    }

    private mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
        let lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
        let count = chunk.count
        var index = 0
        if skipsLeadingLineFeed {
            skipsLeadingLineFeed = false
            if chunk[0] == lineFeed { index = 1 }
        }
        // The next LF and the next CR at or after `index` (`count` when none), each
        // found by `memchr` and kept until passed: a stream that never uses CR costs
        // one failed search per chunk, and no byte is examined in a Swift loop.
        var nextLineFeed = -1, nextCarriageReturn = -1
        while index < count {
            if nextLineFeed < index { nextLineFeed = Self.offset(of: lineFeed, in: base, from: index, to: count) }
            if nextCarriageReturn < index {
                nextCarriageReturn = Self.offset(of: carriageReturn, in: base, from: index, to: count)
            }
            let lineEnd = min(nextLineFeed, nextCarriageReturn)
            guard lineEnd < count else { break }

            let line = UnsafeBufferPointer(start: base + index, count: lineEnd - index)
            if partialLine.isEmpty {
                completeLine(line)
            } else {
                partialLine.append(contentsOf: line)
                completePartialLine()
            }
            index = lineEnd + 1
            if lineEnd == nextCarriageReturn {
                if index == count {
                    skipsLeadingLineFeed = true
                } else if base[index] == lineFeed {
                    index += 1
                }
            }
        }
        if index < count {
            partialLine.append(contentsOf: UnsafeBufferPointer(start: base + index, count: count - index))
        }
    }

    /// The offset of the first `byte` in `base[from..<to]`, or `to`.
    private static func offset(of byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        guard let found = memchr(base + from, Int32(byte), to - from) else { return to }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private mutating func completeLine(_ line: UnsafeBufferPointer<UInt8>) {
        let isFirstLine = atStreamStart
        atStreamStart = false
        fields.process(line: isFirstLine ? Self.droppingBOM(line) : line)
    }

    private mutating func completePartialLine() {
        let isFirstLine = atStreamStart
        atStreamStart = false
        partialLine.withUnsafeBufferPointer { line in
            fields.process(line: isFirstLine ? Self.droppingBOM(line) : line)
        }
        partialLine.removeAll(keepingCapacity: true)
    }

    /// Drops one UTF-8 byte order mark, which the spec allows before the stream's first line.
    private static func droppingBOM(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
            return UnsafeBufferPointer(rebasing: line[3...])
        }
        return line
    }
}

/// The buffers the spec keeps between lines: data, event type, last event ID.
private struct FieldState: Sendable {
    var data: [UInt8] = []
    var eventType: [UInt8] = []
    var lastEventID: String?
    var retryInBlock: Int?
    var reconnectionTime: Int?
    var events: [ServerSentEvent] = []
    /// Unknown-field lines, newline-separated, capped at `strayTextLimit` bytes.
    var strayLines: [UInt8] = []

    init() {
        data.reserveCapacity(1024)
    }

    mutating func takeEvents() -> [ServerSentEvent] {
        defer { events = [] }
        return events
    }

    mutating func process(line: UnsafeBufferPointer<UInt8>) {
        guard let first = line.first else {
            dispatch()
            return
        }
        if first == UInt8(ascii: ":") { return }  // A comment.

        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let name = UnsafeBufferPointer(rebasing: line[..<(colon ?? line.count)])
        var valueStart = colon.map { $0 + 1 } ?? line.count
        if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = UnsafeBufferPointer(rebasing: line[valueStart...])

        switch FieldName(name) {
        case .data:
            data.append(contentsOf: value)
            data.append(0x0A)
        case .event:
            eventType.removeAll(keepingCapacity: true)
            eventType.append(contentsOf: value)
        case .id:
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        case .retry:
            if let milliseconds = Self.digits(value) {
                retryInBlock = milliseconds
                reconnectionTime = milliseconds
            }
        case nil:
            keepStray(line)  // Ignored, as the spec says, but kept to explain a failure.
        }
    }

    private mutating func keepStray(_ line: UnsafeBufferPointer<UInt8>) {
        let room = ServerSentEventDecoder.strayTextLimit - strayLines.count
        guard room > 0 else { return }
        if !strayLines.isEmpty { strayLines.append(0x0A) }
        strayLines.append(contentsOf: line.prefix(room - 1))
    }

    /// Ends the current block: dispatches an event if it carried data, and clears the buffers.
    mutating func dispatch() {
        defer {
            data.removeAll(keepingCapacity: true)
            eventType.removeAll(keepingCapacity: true)
            retryInBlock = nil
        }
        guard !data.isEmpty else { return }
        let text = data.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0.dropLast()), as: UTF8.self)
        }
        events.append(ServerSentEvent(
            event: eventType.isEmpty ? nil : String(decoding: eventType, as: UTF8.self),
            data: text,
            id: lastEventID,
            retry: retryInBlock
        ))
    }

    /// A base-ten integer made only of ASCII digits, or `nil`.
    private static func digits(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !value.isEmpty else { return nil }
        var result = 0
        for byte in value {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let (shifted, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            result = sum
        }
        return result
    }
}

/// The field names the spec acts on, matched on raw bytes.
private enum FieldName {
    case data, event, id, retry

    init?(_ name: UnsafeBufferPointer<UInt8>) {
        switch name.count {
        case 4 where name.elementsEqual("data".utf8): self = .data
        case 5 where name.elementsEqual("event".utf8): self = .event
        case 2 where name.elementsEqual("id".utf8): self = .id
        case 5 where name.elementsEqual("retry".utf8): self = .retry
        default: return nil
        }
    }
}
