import FolioProviders
import FolioTesting
import Testing

@Suite("ServerSentEventDecoder")
struct ServerSentEventDecoderTests {
    /// Decodes `bytes` fed in the given parts and flushes the end of the stream.
    private func decode(
        _ parts: [[UInt8]],
        endOfStream: ServerSentEventDecoder.EndOfStream = .discardIncompleteEvent
    ) -> [ServerSentEvent] {
        var decoder = ServerSentEventDecoder(endOfStream: endOfStream)
        var events: [ServerSentEvent] = []
        for part in parts { events += decoder.decode(part) }
        return events + decoder.finish()
    }

    private func decode(_ text: String) -> [ServerSentEvent] {
        decode([Array(text.utf8)])
    }

    /// Every way of cutting `bytes` in two, plus one byte at a time.
    private func splits(of bytes: [UInt8]) -> [[[UInt8]]] {
        var all = (0...bytes.count).map { [Array(bytes[..<$0]), Array(bytes[$0...])] }
        all.append(bytes.map { [$0] })
        return all
    }

    /// A stream exercising every field, line ending and a multi-byte character.
    private let mixedStream = Array((
        "\u{FEFF}: comment\r\nevent: delta\rid: 7\ndata: caf\u{E9} \u{1F305}\r\ndata:second\n\n"
            + "retry: 2500\r\ndata\r\n\r\n"
            + "data:  two spaces\r\rid\ndata: {\"a\":1}\r\n\n"
            + "unknown: x\nevent\ndata: last\n\n"
    ).utf8)

    private let mixedEvents = [
        ServerSentEvent(event: "delta", data: "caf\u{E9} \u{1F305}\nsecond", id: "7"),
        ServerSentEvent(data: "", id: "7", retry: 2500),
        ServerSentEvent(data: " two spaces", id: "7"),
        ServerSentEvent(data: "{\"a\":1}", id: ""),
        ServerSentEvent(data: "last", id: ""),
    ]

    @Test func decodesEveryFieldAndLineEnding() {
        #expect(decode([mixedStream]) == mixedEvents)
    }

    @Test func splittingAtEveryOffsetGivesTheSameEvents() {
        for parts in splits(of: mixedStream) {
            let events = decode(parts)
            #expect(events == mixedEvents, "split into \(parts.map(\.count))")
        }
    }

    @Test func splittingTheRecordedStreamsAnywhereGivesTheSameEvents() throws {
        for name in ["openai-chat-stream.txt", "llamacpp-chat-stream.txt"] {
            let bytes = try Fixtures.bytes(name)
            let whole = decode([bytes])
            #expect(whole.count > 3)
            #expect(whole.last?.data == "[DONE]")
            for size in [1, 2, 3, 7, 64, 1000] {
                let parts = stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
                #expect(decode(parts) == whole, "\(name) in parts of \(size)")
            }
        }
    }

    @Test func joinsMultiLineData() {
        #expect(decode("data: one\ndata: two\ndata:\ndata: four\n\n") == [
            ServerSentEvent(data: "one\ntwo\n\nfour"),
        ])
    }

    @Test func ignoresCommentsAndUnknownFields() {
        #expect(decode(": keep-alive\n\n:\nfoo: bar\ndata: x\n: inside\n\n") == [ServerSentEvent(data: "x")])
    }

    @Test func fieldWithoutColonHasEmptyValue() {
        // `data` alone appends an empty line; `event` alone resets the type to the default.
        #expect(decode("event: ping\nevent\ndata\ndata\n\n") == [ServerSentEvent(data: "\n")])
    }

    @Test func removesOnlyOneSpaceAfterTheColon() {
        #expect(decode("data:no space\n\ndata:   three\n\n") == [
            ServerSentEvent(data: "no space"),
            ServerSentEvent(data: "  three"),
        ])
    }

    @Test func doesNotDispatchWithoutData() {
        #expect(decode("event: lonely\n\nid: 1\n\n: comment\n\n\n\n").isEmpty)
    }

    @Test func idPersistsAndIgnoresNull() {
        #expect(decode("id: a\ndata: 1\n\ndata: 2\n\nid: b\u{0}c\ndata: 3\n\nid\ndata: 4\n\n") == [
            ServerSentEvent(data: "1", id: "a"),
            ServerSentEvent(data: "2", id: "a"),
            ServerSentEvent(data: "3", id: "a"),
            ServerSentEvent(data: "4", id: ""),
        ])
    }

    @Test func retryAcceptsDigitsOnly() {
        var decoder = ServerSentEventDecoder()
        let events = decoder.decode(Array("retry: 1500\ndata: a\n\nretry: 15x\ndata: b\n\nretry: -1\nretry:\ndata: c\n\n".utf8))
        #expect(events.map(\.retry) == [1500, nil, nil])
        #expect(decoder.reconnectionTime == 1500)
    }

    @Test func carriageReturnAndLineFeedInSeparateChunksAreOneLineEnd() {
        // Were the CR and the LF two line ends, the blank line between them would end
        // the first block early and `second` would be an event of its own.
        let events = decode([Array("data: first\r".utf8), Array("\ndata: second\r".utf8), Array("\n\r".utf8), Array("\n".utf8)])
        #expect(events == [ServerSentEvent(data: "first\nsecond")])
    }

    @Test func loneCarriageReturnsEndLines() {
        #expect(decode("data: a\rdata: b\r\rdata: c\r\r") == [
            ServerSentEvent(data: "a\nb"),
            ServerSentEvent(data: "c"),
        ])
        // A CR at the end of a chunk followed by more text is a line end by itself.
        #expect(decode([Array("data: a\r".utf8), Array("\r".utf8)]) == [ServerSentEvent(data: "a")])
    }

    @Test func multiByteCharacterSplitAcrossChunks() {
        let bytes = Array("data: \u{1F305} caf\u{E9}\n\n".utf8)
        for offset in 7..<10 {  // Inside the four bytes of the emoji.
            #expect(decode([Array(bytes[..<offset]), Array(bytes[offset...])]) == [ServerSentEvent(data: "\u{1F305} caf\u{E9}")])
        }
    }

    @Test func invalidUTF8BecomesReplacementCharacter() {
        #expect(decode([[0x64, 0x61, 0x74, 0x61, 0x3A, 0xFF, 0x41, 0x0A, 0x0A]]) == [ServerSentEvent(data: "\u{FFFD}A")])
    }

    @Test func skipsOnlyALeadingByteOrderMark() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let body = Array("data: x\n\n".utf8)
        #expect(decode([bom + body]) == [ServerSentEvent(data: "x")])
        #expect(decode([[0xEF], [0xBB], [0xBF] + body]) == [ServerSentEvent(data: "x")])
        // A second BOM is part of the field name, which then matches nothing.
        #expect(decode([bom + bom + body]).isEmpty)
        // A BOM later in the stream is not skipped either.
        #expect(decode([body + bom + body]) == [ServerSentEvent(data: "x")])
    }

    @Test func unterminatedLastEventIsDiscardedByDefault() {
        #expect(decode("data: done\n\ndata: cut") == [ServerSentEvent(data: "done")])
        #expect(decode("data: done\n\ndata: cut\n") == [ServerSentEvent(data: "done")])
    }

    @Test func unterminatedLastEventCanBeDispatched() {
        #expect(decode([Array("data: done\n\ndata: cut".utf8)], endOfStream: .dispatchIncompleteEvent) == [
            ServerSentEvent(data: "done"),
            ServerSentEvent(data: "cut"),
        ])
    }

    @Test func finishResetsTheDecoder() {
        var decoder = ServerSentEventDecoder()
        _ = decoder.decode(Array("id: 1\ndata: half".utf8))
        _ = decoder.finish()
        #expect(decoder.decode(Array("data: fresh\n\n".utf8)) == [ServerSentEvent(data: "fresh")])
    }

    @Test func acceptsNonContiguousSequences() {
        var decoder = ServerSentEventDecoder()
        #expect(decoder.decode("data: lazy\n\n".utf8.lazy.map { $0 }) == [ServerSentEvent(data: "lazy")])
    }
}
