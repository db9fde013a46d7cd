import FolioCache
import FolioCore
import FolioProviders
import Foundation
import Synchronization
import Testing

/// A chat streamer that plays scripted event lists and counts calls.
final class ScriptedStreamer: ChatStreamer {
    enum Script: Sendable {
        case events([ChainEvent])
        case fail(after: [ChainEvent])
        case hang(after: [ChainEvent])
    }

    private let scripts: Mutex<[Script]>
    private let count = Mutex(0)

    init(_ scripts: [Script]) { self.scripts = Mutex(scripts) }

    var calls: Int { count.withLock { $0 } }

    /// Whether a hanging script's stream has ended (after its consumer went away).
    var hangEnded: Bool { ended.withLock { $0 } }
    private let ended = Mutex(false)

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChainEvent, any Error> {
        count.withLock { $0 += 1 }
        let script = scripts.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        return AsyncThrowingStream { continuation in
            let task = Task {
                switch script {
                case .events(let events)?:
                    events.forEach { continuation.yield($0) }
                    continuation.finish()
                case .fail(let events)?:
                    events.forEach { continuation.yield($0) }
                    continuation.finish(throwing: FolioError.runtime("every provider tier failed"))
                case .hang(let events)?:
                    events.forEach { continuation.yield($0) }
                    while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
                    continuation.finish(throwing: CancellationError())
                    ended.withLock { $0 = true }
                case nil:
                    continuation.finish(throwing: FolioError.runtime("no script left"))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// A cache whose every call fails.
struct BrokenCache: ResponseCache {
    func get(_ key: String) async throws -> Data? { throw FolioError.runtime("disk gone") }
    func set(_ key: String, _ value: Data, ttl: Duration?) async throws { throw FolioError.runtime("disk gone") }
    func delete(matching pattern: String) async throws -> Int { throw FolioError.runtime("disk gone") }
    func stats() async throws -> CacheStats { throw FolioError.runtime("disk gone") }
}

@Suite struct CachingStreamerTests {
    static let request = ChatRequest(messages: [ChatMessage(.user, "Write chapter 1.")], temperature: 0.7,
                                     purpose: "chapter:the-keeper:1")
    static let answer: [ChainEvent] = [
        .attempt(provider: "openai", model: "gpt-4o-mini"),
        .failed(provider: "openai", reason: "HTTP 503"),
        .attempt(provider: "local", model: "smollm2"),
        .text("The storm "), .text("came."),
        .usage(TokenUsage(promptTokens: 12, completionTokens: 4)),
        .finish(.stop),
    ]

    static func collect(_ stream: AsyncThrowingStream<ChainEvent, any Error>) async throws -> [ChainEvent] {
        var events: [ChainEvent] = []
        for try await event in stream { events.append(event) }
        return events
    }

    @Test func aMissPassesThroughAndIsStoredThenAHitReplaysIt() async throws {
        let base = ScriptedStreamer([.events(Self.answer)])
        let cache = MemoryCache()
        let streamer = CachingStreamer(base: base, cache: cache, route: "openai=gpt-4o-mini,local=smollm2")

        #expect(try await Self.collect(streamer.stream(Self.request)) == Self.answer)
        let replay = try await Self.collect(streamer.stream(Self.request))
        #expect(replay == [
            .attempt(provider: "cache", model: "local/smollm2"),
            .text("The storm came."),
            .usage(TokenUsage(promptTokens: 12, completionTokens: 4)),
            .finish(.stop),
        ])
        #expect(base.calls == 1)
        let key = streamer.key(for: Self.request)
        #expect(key.hasPrefix("chapter:the-keeper:1:"))
        let stored = try #require(try await cache.value(forKey: key, as: CachedResponse.self))
        #expect(stored.provider == "local" && stored.model == "smollm2" && stored.text == "The storm came.")
        #expect(try await cache.stats().hits == 2)
    }

    @Test func aDifferentRequestOrRouteIsAMiss() async throws {
        let base = ScriptedStreamer([.events(Self.answer), .events(Self.answer), .events(Self.answer)])
        let cache = MemoryCache()
        let streamer = CachingStreamer(base: base, cache: cache, route: "local=smollm2")
        _ = try await Self.collect(streamer.stream(Self.request))
        var colder = Self.request
        colder.temperature = 0.2
        _ = try await Self.collect(streamer.stream(colder))
        _ = try await Self.collect(CachingStreamer(base: base, cache: cache, route: "openai=gpt-4o").stream(Self.request))
        #expect(base.calls == 3)
    }

    @Test func aFailedStreamIsNotCached() async throws {
        let partial: [ChainEvent] = [.attempt(provider: "local", model: "m"), .text("half a chap")]
        let base = ScriptedStreamer([.fail(after: partial), .events(Self.answer)])
        let cache = MemoryCache()
        let streamer = CachingStreamer(base: base, cache: cache, route: "local=m")
        await #expect(throws: FolioError.self) { _ = try await Self.collect(streamer.stream(Self.request)) }
        #expect(try await cache.stats().entries == 0)
        #expect(try await Self.collect(streamer.stream(Self.request)) == Self.answer)
        #expect(base.calls == 2)
    }

    @Test func aCancelledStreamIsNotCached() async throws {
        let base = ScriptedStreamer([.hang(after: [.attempt(provider: "local", model: "m"), .text("Once")])])
        let cache = MemoryCache()
        let streamer = CachingStreamer(base: base, cache: cache, route: "local=m")
        let task = Task {
            for try await event in streamer.stream(Self.request) {
                if case .text = event { break }
            }
        }
        try await task.value
        // The answer is stored only on `.finish`: once the base stream has ended without one,
        // nothing can be stored any more.
        while !base.hangEnded { await Task.yield() }
        #expect(try await cache.stats().entries == 0)
    }

    @Test func aCutAnswerIsKeptWhenItsRequestAsksAndReplaysToTheSameStop() async throws {
        let base = ScriptedStreamer([.hang(after: [.attempt(provider: "local", model: "m"), .text("Once upon")])])
        let cache = MemoryCache()
        let streamer = CachingStreamer(base: base, cache: cache, route: "local=m")
        var request = Self.request
        request.keepsCutAnswer = true
        #expect(streamer.key(for: request) != streamer.key(for: Self.request))
        let task = Task {
            for try await event in streamer.stream(request) {
                if case .text = event { break }
            }
        }
        try await task.value
        while !base.hangEnded { await Task.yield() }
        var stored: CachedResponse?
        for _ in 0..<200 where stored == nil {
            stored = try await cache.value(forKey: streamer.key(for: request), as: CachedResponse.self)
            if stored == nil { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(stored?.text == "Once upon")
        #expect(stored?.finishReason == .cut)
        let replay = try await Self.collect(streamer.stream(request))
        #expect(replay == [.attempt(provider: "cache", model: "local/m"), .text("Once upon"), .finish(.cut)])
        #expect(base.calls == 1)
    }

    @Test func aBrokenCacheNeverFailsTheCall() async throws {
        let base = ScriptedStreamer([.events(Self.answer), .events(Self.answer)])
        let streamer = CachingStreamer(base: base, cache: BrokenCache(), route: "local=m")
        #expect(try await Self.collect(streamer.stream(Self.request)) == Self.answer)
        #expect(try await Self.collect(streamer.stream(Self.request)) == Self.answer)
        #expect(base.calls == 2)
    }

    @Test func embeddingBatchesUseTheGenericValueAPI() async throws {
        let cache = MemoryCache()
        let key = CacheKey.embedding(model: "all-MiniLM-L6-v2", texts: ["a storm", "a bottle"])
        #expect(try await cache.value(forKey: key, as: [[Float]].self) == nil)
        try await cache.store([[0.25, -0.5], [1, 0]] as [[Float]], forKey: key, ttl: .seconds(60))
        #expect(try await cache.value(forKey: key, as: [[Float]].self) == [[0.25, -0.5], [1, 0]])
    }
}
