import FolioCache
import FolioRedis
import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation

/// Latency of a cache hit per backend — the whole replay through `CachingStreamer` (key
/// hashing, lookup, decoding, events) of a 10 KB answer, p50 and p99 — against the baseline
/// of asking the local model the same prompt afresh (median of a few full completions of
/// up to 256 tokens; a 10 KB answer from the model would take longer still).
func runCacheHitBenchmark(hits: Int = 2000) async throws -> [BenchmarkFigure] {
    let root = FolioBinary.packageRoot.path
    let configuration = LocalModelServer.Configuration(
        serverPath: root + "/models/bin/llama-server",
        modelPath: root + "/" + Settings.LocalModel.bundledModelPath)
    let request = ChatRequest(
        messages: [ChatMessage(.system, "You are a novelist."),
                   ChatMessage(.user, "Write the opening chapter of a story about a lighthouse keeper.")],
        maxTokens: 256, temperature: 0.7, purpose: "chapter:the-lighthouse:1")
    let transport = CurlTransport()
    let modelMilliseconds = try await withLocalModelServer(configuration, transport: transport) { server in
        let chain = ProviderChain(tiers: [OpenAICompatibleProvider(
            name: "local", endpoint: Endpoint(baseURL: server.baseURL, model: "local"), transport: transport)])
        var times: [Double] = []
        for run in 0..<4 {
            let started = ContinuousClock.now
            for try await _ in chain.stream(request) {}
            if run > 0 { times.append((ContinuousClock.now - started).milliseconds) }  // the first warms up
        }
        return BenchmarkFigure.median(times)
    }

    let text = String(repeating: "The keeper climbed the stairs as the storm rolled in. ", count: 190)  // ~10 KB
    let answer: [ChainEvent] = [.attempt(provider: "local", model: "smollm2"), .text(text),
                                .usage(TokenUsage(promptTokens: 30, completionTokens: 2400)), .finish(.stop)]
    let scratch = try TemporaryDirectory("folio-bench-cache")
    defer { scratch.remove() }
    var figures: [BenchmarkFigure] = []
    try await withRedisServer { redis in
        let backends: [(String, any ResponseCache)] = [
            ("memory", MemoryCache()),
            ("file", FileCache(directory: scratch.url)),
            ("redis", RedisCache(url: try RedisURL(redis.url))),
        ]
        for (name, cache) in backends {
            let streamer = CachingStreamer(base: FixedAnswer(events: answer), cache: cache, route: "local=smollm2")
            for try await _ in streamer.stream(request) {}  // the miss that stores the entry
            var times: [Double] = []
            for _ in 0..<(hits + 50) {
                let started = ContinuousClock.now
                var replayed = 0
                for try await event in streamer.stream(request) {
                    if case .text(let piece) = event { replayed += piece.utf8.count }
                }
                times.append((ContinuousClock.now - started).milliseconds)
                guard replayed == text.utf8.count else { throw FolioError.runtime("\(name): the hit replayed the wrong text") }
            }
            times.removeFirst(50)
            times.sort()
            let p50 = times[times.count / 2], p99 = times[Int(Double(times.count) * 0.99)]
            figures.append(BenchmarkFigure(name: "cache hit p50, \(name), 10 KB", value: p50, unit: "ms",
                                           baseline: modelMilliseconds))
            figures.append(BenchmarkFigure(name: "cache hit p99, \(name), 10 KB", value: p99, unit: "ms",
                                           baseline: modelMilliseconds))
            if let redisCache = cache as? RedisCache { await redisCache.close() }
        }
    }
    return figures
}

/// A streamer that always gives the same answer (the benchmark measures hits, not this).
private struct FixedAnswer: ChatStreamer {
    let events: [ChainEvent]

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChainEvent, any Error> {
        AsyncThrowingStream { continuation in
            events.forEach { continuation.yield($0) }
            continuation.finish()
        }
    }
}
