import FolioCore
import FolioProviders
import Foundation
import Logging

/// Puts a ``ResponseCache`` in front of any ``ChatStreamer`` (a ``ProviderChain``).
///
/// A request whose key (``CacheKey/chat(_:route:)``) is cached is answered from the cache
/// without calling a model: `.attempt(provider: "cache", model: "<provider>/<model>")` naming
/// who originally wrote the text, the whole text as one `.text`, the original `.usage`, and
/// the original `.finish` — so a streamed call still prints the text. Otherwise the request
/// goes to `base`, its events pass through as they arrive, and only an answer that reached
/// `.finish` is stored: a failed or cancelled stream is not cached, except what was read of a
/// request that ``ChatRequest/keepsCutAnswer``, stored finished ``FinishReason/cut``.
///
/// A cache that throws is treated as a miss (logged), so it never fails the work.
public struct CachingStreamer: ChatStreamer {
    /// The provider name a cache hit reports.
    public static let providerName = "cache"

    private let base: any ChatStreamer
    private let cache: any ResponseCache
    private let route: String
    private let ttl: CacheTTLPolicy
    private let clock: any CacheClock
    private static let logger = FolioLogging.logger("cache")

    /// Caches `base`'s answers in `cache`. `route` names the providers, models and
    /// endpoints behind `base` (part of every key), e.g.
    /// `openai=gpt-4o-mini@https://api.openai.com/v1`.
    public init(base: any ChatStreamer, cache: any ResponseCache, route: String,
                ttl: CacheTTLPolicy = CacheTTLPolicy(), clock: any CacheClock = SystemCacheClock()) {
        self.base = base
        self.cache = cache
        self.route = route
        self.ttl = ttl
        self.clock = clock
    }

    /// Caches a provider chain's answers; the route is its tiers' cache identities.
    public init(chain: ProviderChain, cache: any ResponseCache, ttl: CacheTTLPolicy = CacheTTLPolicy()) {
        self.init(base: chain, cache: cache, route: Self.route(of: chain), ttl: ttl)
    }

    /// Every tier's ``LanguageModelProvider/cacheIdentity`` (name, model, base URL, and for
    /// the bundled model the model file's identity), in order.
    public static func route(of chain: ProviderChain) -> String {
        chain.tiers.map(\.cacheIdentity).joined(separator: ",")
    }

    /// The key this streamer uses for `request`.
    public func key(for request: ChatRequest) -> String {
        CacheKey.chat(request, route: route)
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChainEvent, any Error> {
        .producing { yield in try await run(request, yield: yield) }
    }

    private func run(_ request: ChatRequest, yield: (ChainEvent) -> Void) async throws {
        let key = key(for: request)
        if let hit = await lookup(key) {
            yield(.attempt(provider: Self.providerName, model: "\(hit.provider)/\(hit.model)"))
            if !hit.text.isEmpty { yield(.text(hit.text)) }
            if let usage = hit.usage { yield(.usage(usage)) }
            yield(.finish(hit.finishReason))
            return
        }
        var provider = "", model = ""
        var text = ""
        var usage: TokenUsage?
        var finished = false
        var failure: (any Error)?
        do {
            for try await event in base.stream(request) {
                switch event {
                case .attempt(let name, let used):
                    provider = name
                    model = used
                case .text(let piece):
                    text += piece
                case .usage(let reported):
                    usage = (usage ?? .zero) + reported
                case .failed:
                    break
                case .finish(let reason):
                    finished = true
                    // Stored before the finish is passed on, so a consumer that stops at `.finish`
                    // still leaves the answer cached.
                    if !Task.isCancelled {
                        await store(CachedResponse(provider: provider, model: model, text: text, usage: usage,
                                                   finish: reason, created: clock.now), key: key)
                    }
                }
                yield(event)
            }
        } catch {
            failure = error
        }
        if Task.isCancelled, !finished {
            await keepCut(request, text: text, provider: provider, model: model, usage: usage, key: key)
        }
        if let failure { throw failure }
    }

    /// Stores what was read of an answer whose consumer stopped early, when its request
    /// ``ChatRequest/keepsCutAnswer``: finished ``FinishReason/cut``, it replays to the same stop.
    private func keepCut(_ request: ChatRequest, text: String, provider: String, model: String, usage: TokenUsage?,
                         key: String) async {
        guard request.keepsCutAnswer, !text.isEmpty else { return }
        await store(CachedResponse(provider: provider, model: model, text: text, usage: usage, finish: .cut,
                                   created: clock.now), key: key)
    }

    /// Removes the cached answer to `request`, which its caller rejected.
    public func discard(_ request: ChatRequest) async {
        do {
            _ = try await cache.delete(matching: key(for: request))
        } catch {
            Self.logger.warning("cache delete failed", metadata: ["reason": "\(error)"])
        }
        await base.discard(request)
    }

    private func lookup(_ key: String) async -> CachedResponse? {
        do {
            guard let data = try await cache.get(key) else { return nil }
            return try JSONDecoder().decode(CachedResponse.self, from: data)
        } catch {
            Self.logger.warning("cache lookup failed; calling the model", metadata: ["reason": "\(error)"])
            return nil
        }
    }

    private func store(_ response: CachedResponse, key: String) async {
        do {
            try await cache.set(key, try JSONEncoder().encode(response), ttl: ttl.ttl(for: key))
        } catch {
            Self.logger.warning("cache store failed; the answer is not cached", metadata: ["reason": "\(error)"])
        }
    }
}
