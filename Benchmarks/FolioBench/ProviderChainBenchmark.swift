import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation

/// The cost of the fallback chain (breaker checks, event forwarding, one extra task)
/// on a healthy call: a whole streamed answer through a one-tier `ProviderChain`
/// against the same provider called directly, over real HTTP to a loopback server that
/// answers at once. Median of 200 calls each, interleaved.
func runProviderChainBenchmark(calls: Int = 200) async throws -> [BenchmarkFigure] {
    let pieces = (0..<40).map { "word\($0) " }
    let events = ProviderWire.stream(.openAI, pieces: pieces)
    return try await withLoopbackServer({ _ in
        [.head(status: 200, headers: ["Content-Type": "text/event-stream"])] + events.map { .send($0) } + [.end]
    }) { server in
        let provider = OpenAICompatibleProvider(
            name: "openai", endpoint: Endpoint(baseURL: server.baseURL + "/v1", model: "m"), transport: CurlTransport())
        let chain = ProviderChain(tiers: [provider])
        let request = ChatRequest(messages: [ChatMessage(.user, "Hello")])
        let clock = ContinuousClock()
        var direct: [Double] = []
        var chained: [Double] = []
        for call in 0..<(calls + 10) {
            let started = clock.now
            var directText = ""
            for try await event in provider.stream(request) {
                if case .text(let text) = event { directText += text }
            }
            let middle = clock.now
            var chainText = ""
            for try await event in chain.stream(request) {
                if case .text(let text) = event { chainText += text }
            }
            let ended = clock.now
            precondition(directText == pieces.joined() && chainText == directText, "the answers differ")
            if call >= 10 {  // warm-up
                direct.append(started.duration(to: middle).milliseconds)
                chained.append(middle.duration(to: ended).milliseconds)
            }
        }
        return [BenchmarkFigure(
            name: "chain overhead: one-tier chain vs direct provider call, 40-chunk stream over loopback (median of \(calls))",
            value: BenchmarkFigure.median(chained), unit: "ms", baseline: BenchmarkFigure.median(direct))]
    }
}
