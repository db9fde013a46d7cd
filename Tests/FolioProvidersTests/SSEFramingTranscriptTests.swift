import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation
import Testing

/// The framing edge cases of `../shared/data/wire-real/sse-framing/`: each fed to the
/// decoder in its recorded chunks and split everywhere, and through the client of the
/// provider whose SDK wrote it.
@Suite("Recorded SSE framing", .enabled(if: WireTranscript.directory != nil, WireTranscript.skipNote))
struct SSEFramingTranscriptTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        /// The events as the SDK's own test expects them.
        var events: [ServerSentEvent]
        /// The events when the decoder discards an unterminated last event (WHATWG), if different.
        var strictEvents: [ServerSentEvent]?
        /// Lines that are not fields, kept for explaining a failure.
        var strayText = ""
        var description: String { name }
    }

    static let anthropicPrefix = "anthropics+anthropic-sdk-python__test_streaming__"
    static let genaiPrefix = "googleapis+go-genai__api_client_test__"
    static let pair = [ServerSentEvent(data: #"{"key1":"value1"}"#), ServerSentEvent(data: #"{"key2":"value2"}"#)]

    static let cases: [Case] = [
        Case(name: anthropicPrefix + "test_basic", events: [.init(event: "completion", data: #"{"foo":true}"#)]),
        Case(name: anthropicPrefix + "test_data_json_escaped_double_new_line",
             events: [.init(event: "ping", data: #"{"foo": "my long\n\ncontent"}"#)]),
        Case(name: anthropicPrefix + "test_data_missing_event", events: [.init(data: #"{"foo":true}"#)]),
        Case(name: anthropicPrefix + "test_error_type", events: [.init(
            event: "error", data: #"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#)]),
        Case(name: anthropicPrefix + "test_event_missing_data", events: []),  // No data: nothing to dispatch.
        Case(name: anthropicPrefix + "test_multi_byte_character_multiple_chunks",
             events: [.init(data: #"{"content":"известни"}"#)]),
        Case(name: anthropicPrefix + "test_multiple_data_lines", events: [.init(event: "ping", data: "{\n\"foo\":\ntrue}")]),
        Case(name: anthropicPrefix + "test_multiple_data_lines_with_empty_line",
             events: [.init(event: "ping", data: "{\n\"foo\":\n\n\ntrue}")]),
        Case(name: anthropicPrefix + "test_multiple_events", events: []),
        Case(name: anthropicPrefix + "test_multiple_events_with_data", events: [
            .init(event: "ping", data: #"{"foo":true}"#), .init(event: "completion", data: #"{"bar":false}"#)]),
        Case(name: anthropicPrefix + "test_special_new_line_character", events: [
            .init(data: #"{"content":" culpa"}"#), .init(data: "{\"content\":\" \u{2028}\"}"), .init(data: #"{"content":"foo"}"#)]),
        Case(name: genaiPrefix + "successful_stream", events: pair),
        Case(name: genaiPrefix + "empty_lines", events: pair),
        Case(name: genaiPrefix + "windows_newlines", events: pair),
        Case(name: genaiPrefix + "unterminated_final_event", events: pair, strictEvents: [pair[0]]),
        Case(name: genaiPrefix + "invalid_json", events: [pair[0], .init(data: "invalid")]),
        Case(name: genaiPrefix + "non_data_prefix", events: [pair[0]], strayText: #"error:{"key2":"value2"}"#),
        Case(name: "openai+openai-python__test_sse_framing__test_mixed_endings_utf8_and_eof",
             events: [.init(data: "известни", id: "one"), .init(data: "two", id: "one"), .init(data: "unfinished", id: "one")],
             strictEvents: [.init(data: "известни", id: "one"), .init(data: "two", id: "one")]),
    ]

    static func bytes(_ name: String) throws -> [UInt8] {
        let folder = try #require(WireTranscript.directory).appendingPathComponent("sse-framing")
        return Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// The SDK test's own chunks, from the `.chunks.json` beside the file, if there is one.
    static func recordedChunks(_ name: String) throws -> [[UInt8]]? {
        guard let data = try? bytes(name + ".chunks.json") else { return nil }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(data)) as? [String: Any])
        let encoded = try #require(object["chunks_b64"] as? [String])
        return try encoded.map { Array(try #require(Data(base64Encoded: $0))) }
    }

    static func decode(_ chunks: [[UInt8]], _ endOfStream: ServerSentEventDecoder.EndOfStream)
        -> (events: [ServerSentEvent], stray: String) {
        var decoder = ServerSentEventDecoder(endOfStream: endOfStream)
        var events = chunks.flatMap { decoder.decode($0) }
        let stray = decoder.strayText
        events += decoder.finish()
        return (events, stray)
    }

    @Test func everyFramingFileHasACase() {
        let present = Set(SharedData.files(in: WireTranscript.directory, "sse-framing")
            .filter { $0.hasSuffix(".sse") }.map { String($0.dropLast(4)) })
        #expect(present == Set(Self.cases.map(\.name)))
    }

    @Test(arguments: cases)
    func decodesInItsRecordedChunksAndSplitAnywhere(_ testCase: Case) throws {
        let body = try Self.bytes(testCase.name + ".sse")
        var chunkings = (0...body.count).map { [Array(body[..<$0]), Array(body[$0...])] }
        chunkings.append(body.map { [$0] })
        if let recorded = try Self.recordedChunks(testCase.name) {
            #expect(recorded.flatMap { $0 } == body, "the chunks make up the file")
            chunkings.append(recorded)
        }
        for chunks in chunkings {
            let dispatched = Self.decode(chunks, .dispatchIncompleteEvent)
            #expect(dispatched.events == testCase.events)
            #expect(dispatched.stray == testCase.strayText)
            #expect(Self.decode(chunks, .discardIncompleteEvent).events == (testCase.strictEvents ?? testCase.events))
        }
    }

    /// None of these is a whole answer in its provider's format, so each client fails the
    /// call, and the Anthropic error event gives its own reason.
    @Test(arguments: cases)
    func failsThroughTheClientOfItsProvider(_ testCase: Case) async throws {
        let body = try Self.bytes(testCase.name + ".sse")
        let folder = testCase.name.hasPrefix("anthropics") ? "anthropic" : testCase.name.hasPrefix("googleapis") ? "gemini" : "openai"
        let transcript = WireTranscript(folder: folder, name: "", outcome: .failure(""))
        for chunking in [ReplayTransport.Chunking.whole, .every(1)] {
            let result = await ReplayResult.collect(transcript.provider(ReplayTransport(body: body, chunking: chunking)))
            #expect(result.error != nil)
            #expect(result.finish == nil)
            if testCase.name.hasSuffix("test_error_type") {
                #expect((result.error as? ProviderError)?.errorType == "overloaded_error")
            }
        }
    }
}
