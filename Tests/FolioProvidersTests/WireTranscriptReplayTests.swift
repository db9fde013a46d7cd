import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation
import Testing

/// Every recorded stream in `../shared/data/wire-real/` replayed through the real clients,
/// whole and split at awkward points, over the replay transport and over loopback HTTP
/// with libcurl.
@Suite("Recorded provider streams", .enabled(if: WireTranscript.directory != nil, WireTranscript.skipNote))
struct WireTranscriptReplayTests {
    @Test func everyRecordedFileHasAnOutcome() {
        let listed = Set(WireTranscript.all.map(\.description))
        let present = Set(["openai", "anthropic", "gemini", "ollama"].flatMap { folder in
            SharedData.files(in: WireTranscript.directory, folder).map { "\(folder)/\($0)" }
        })
        #expect(present.subtracting(listed).isEmpty, "files without an outcome")
        #expect(listed.subtracting(present).isEmpty, "outcomes without a file")
    }

    /// The ways each file is split into body parts.
    static func splits(_ body: [UInt8]) -> [(String, ReplayTransport.Chunking)] {
        let insideCharacters = body.indices.filter { body[$0] >= 0xC0 }.flatMap { [$0 + 1, $0 + 2] }
        let betweenCRAndLF = body.indices.filter { body[$0] == 0x0D }.map { $0 + 1 }
        var splits: [(String, ReplayTransport.Chunking)] = [("whole", .whole), ("every 7 bytes", .every(7))]
        if !insideCharacters.isEmpty { splits.append(("inside characters", .at(insideCharacters))) }
        if !betweenCRAndLF.isEmpty { splits.append(("between CR and LF", .at(betweenCRAndLF))) }
        if body.count <= 6000 { splits.append(("byte by byte", .every(1))) }
        return splits
    }

    @Test(arguments: WireTranscript.all)
    func replaysWithTheOutcomeItCallsFor(_ transcript: WireTranscript) async throws {
        let body = try transcript.bytes()
        let reading = WireTranscriptReading(body, folder: transcript.folder)
        for (split, chunking) in Self.splits(body) {
            let result = await ReplayResult.collect(transcript.provider(ReplayTransport(body: body, chunking: chunking)))
            Self.check(result, transcript, reading, split)
        }
    }

    @Test(arguments: WireTranscript.all)
    func replaysOverLoopbackHTTP(_ transcript: WireTranscript) async throws {
        let body = try transcript.bytes()
        let reading = WireTranscriptReading(body, folder: transcript.folder)
        // One write per piece, cut inside characters and between CR and LF.
        let points = Set(body.indices.filter { body[$0] >= 0xC0 || body[$0] == 0x0D }.map { $0 + 1 } + [body.count / 2])
        var writes: [[UInt8]] = []
        var start = 0
        for point in points.sorted() + [body.count] where point > start && point <= body.count {
            writes.append(Array(body[start..<point]))
            start = point
        }
        let parts = writes
        let contentType = transcript.folder == "ollama" ? "application/x-ndjson" : "text/event-stream"
        try await withLoopbackServer({ _ in
            [.head(status: 200, headers: ["Content-Type": contentType])] + parts.map { .send($0) } + [.end]
        }) { server in
            let result = await ReplayResult.collect(transcript.provider(CurlTransport(), baseURL: server.baseURL))
            Self.check(result, transcript, reading, "over HTTP")
            #expect(server.requests.count == 1)
        }
    }

    /// Through a one-tier chain, only an answer with text that finished (or hit the token
    /// limit) succeeds; a refusal, a safety stop, a tool call or no text fails the tier.
    @Test(arguments: WireTranscript.all)
    func throughTheChainOnlyAUsableAnswerSucceeds(_ transcript: WireTranscript) async throws {
        var configuration = ProviderChain.Configuration()
        configuration.maxRetries = 0
        let chain = ProviderChain(tiers: [transcript.provider(ReplayTransport(body: try transcript.bytes()))],
                                  configuration: configuration, clock: ChainClock(VirtualClock()))
        var finish: FinishReason?
        var failure: (any Error)?
        do {
            for try await event in chain.stream(ChatRequest(messages: [.init(.user, "Replay.")])) {
                if case .finish(let reason) = event { finish = reason }
            }
        } catch {
            failure = error
        }
        switch transcript.outcome {
        case .answer(.stop), .answer(.length):
            #expect(failure == nil)
            #expect(finish != nil)
        case .answer, .noText:
            #expect(finish == nil)
            #expect(String(describing: failure).contains("the model"), "\(String(describing: failure))")
        case .failure:
            #expect(finish == nil)
            #expect(failure != nil)
        }
    }

    @Test(arguments: WireTranscript.anthropic.filter { if case .failure = $0.outcome { false } else { true } })
    func anthropicFinishesOnTheStopReasonWhenMessageStopIsCut(_ transcript: WireTranscript) async throws {
        let body = try transcript.bytes()
        let text = String(decoding: body, as: UTF8.self)
        let marker = try #require(text.range(of: "event: message_stop"))
        let cut = Array(text[..<marker.lowerBound].utf8)
        let reading = WireTranscriptReading(body, folder: transcript.folder)
        for (split, chunking) in Self.splits(cut) {
            let result = await ReplayResult.collect(transcript.provider(ReplayTransport(body: cut, chunking: chunking)))
            if transcript.name.contains("out_of_order") {
                // It has no `message_delta`, so without `message_stop` nothing says it finished.
                #expect(result.error is TransportError, "\(split)")
            } else {
                Self.check(result, transcript, reading, split + ", message_stop cut")
            }
        }
    }

    static func check(_ result: ReplayResult, _ transcript: WireTranscript, _ reading: WireTranscriptReading,
                      _ split: String) {
        let context = Comment(rawValue: "\(transcript) (\(split))")
        for hidden in reading.telltaleHidden {
            #expect(!result.text.contains(hidden), "\(context): private text reached the answer")
        }
        #expect(result.eventsAfterFinish == 0, context)
        switch transcript.outcome {
        case .answer(let finish):
            #expect(result.error == nil, context)
            #expect(!reading.visible.isEmpty, context)
            #expect(result.text == reading.visible, context)
            #expect(result.finish == finish, context)
        case .noText(let finish):
            #expect(result.error == nil, context)
            #expect(reading.visible.isEmpty && result.text.isEmpty, context)
            #expect(result.finish == finish, context)
        case .failure(let phrase):
            let description = result.error.map { String(describing: $0) } ?? "no error"
            #expect(description.contains(phrase), "\(context): \(description)")
            #expect(result.finish == nil, context)
            #expect(reading.visible.hasPrefix(result.text), context)
            #expect(!description.contains("sk-replay-0f9e8d7c"), context)
        }
    }
}
