import FolioCache
import FolioCore
import FolioProviders
import FolioTelemetry
import FolioTesting
import Foundation
import Testing

@Suite struct RecordingStreamerTests {
    static let request = ChatRequest(messages: [ChatMessage(.user, "Write a haiku.")], purpose: "chapter:book:2")

    static func logged(_ log: GenerationLog) throws -> [GenerationRecord] {
        try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(GenerationRecord.self, from: Data($0.utf8)) }
    }

    static func log(in directory: TemporaryDirectory) -> GenerationLog {
        var configuration = GenerationLog.Configuration()
        configuration.directory = directory.path
        return GenerationLog(configuration)
    }

    @Test func aFallbackIsLoggedWithEveryAttemptAndTheTierThatAnswered() async throws {
        let directory = try TemporaryDirectory("folio-log"); defer { directory.remove() }
        let failing = ScriptedProvider(name: "primary", replies: [
            .fail(after: [], error: ProviderError(provider: "primary", status: 401, message: "bad key")),
        ])
        let answering = ScriptedProvider(name: "backup", model: "b-1", replies: [
            .text(["Old pond,", " a frog jumps."], usage: TokenUsage(promptTokens: 12, completionTokens: 7, costUSD: 0.5)),
        ])
        var configuration = ProviderChain.Configuration()
        configuration.maxRetries = 0
        let chain = ProviderChain(tiers: [failing, answering], configuration: configuration)
        let log = Self.log(in: directory)
        let streamer = RecordingStreamer(base: chain, log: log, caller: .init(command: "generate"), cached: false)
        var text = ""
        for try await event in streamer.stream(Self.request) { if case .text(let piece) = event { text += piece } }
        let record = try #require(try Self.logged(log).first)
        #expect(text == "Old pond, a frog jumps.")
        #expect(record.command == "generate")
        #expect(record.purpose == "chapter:book:2")
        #expect(record.attempts.map(\.provider) == ["primary", "backup"])
        #expect(record.attempts.last?.outcome == "ok")
        #expect(record.attempts.first?.outcome != "ok")
        #expect(record.provider == "backup")
        #expect(record.model == "b-1")
        #expect(record.fallbacks == 1)
        #expect(record.retries == 0)
        #expect(record.promptTokens == 12)
        #expect(record.completionTokens == 7)
        #expect(record.costUSD == 0.5)
        #expect(record.cache == "off")
        #expect(record.finishReason == "stop")
        #expect(record.error == nil)
        #expect(record.answerCharacters == text.count)
        #expect(record.firstTokenMilliseconds != nil)
        #expect(record.firstTokenMilliseconds! <= record.totalMilliseconds)
        #expect(record.promptSHA256.count == 64)
    }

    @Test func aCacheHitIsLoggedAsOne() async throws {
        let directory = try TemporaryDirectory("folio-log"); defer { directory.remove() }
        let provider = ScriptedProvider(replies: [.text(["Once."])])
        let cached = CachingStreamer(chain: ProviderChain(tiers: [provider]), cache: MemoryCache())
        let log = Self.log(in: directory)
        let streamer = RecordingStreamer(base: cached, log: log, caller: .init(command: "stream"), cached: true)
        for _ in 0..<2 { for try await _ in streamer.stream(Self.request) {} }
        let records = try Self.logged(log)
        #expect(records.map(\.cache) == ["miss", "hit"])
        #expect(records.last?.provider == "cache")
        #expect(provider.requests.count == 1)
    }

    @Test func aFailedCallIsLoggedWithItsKind() async throws {
        let directory = try TemporaryDirectory("folio-log"); defer { directory.remove() }
        let failing = ScriptedProvider(name: "only", replies: [
            .fail(after: [], error: ProviderError(provider: "only", status: 400, message: "rejected")),
        ])
        var configuration = ProviderChain.Configuration()
        configuration.maxRetries = 0
        let log = Self.log(in: directory)
        let streamer = RecordingStreamer(base: ProviderChain(tiers: [failing], configuration: configuration), log: log,
                                         caller: .init(command: "stream"), cached: false)
        await #expect(throws: FolioError.self) { for try await _ in streamer.stream(Self.request) {} }
        let record = try #require(try Self.logged(log).first)
        #expect(record.error == "every tier failed")
        #expect(record.provider == nil)
        #expect(record.finishReason == nil)
    }
}
