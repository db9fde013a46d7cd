import FolioRuntime
import FolioTesting
import Foundation
import Testing

/// `health()` reports the circuit breakers the runtime's chain really uses: breakers outlive
/// one call, so a tier that keeps failing shows open — in a worker, a server, or a long book.
@Suite struct RuntimeHealthTests {
    @Test func aTierThatFailedShowsItsOpenBreaker() async throws {
        try await withLoopbackServer({ _ in LoopbackAction.reply(status: 500, body: #"{"error":{"message":"down"}}"#) }) { server in
            let settings = try await Settings.load(environment: [
                "FOLIO_PROVIDERS": "openai-compatible", "OPENAI_COMPATIBLE_BASE_URL": server.baseURL + "/v1",
                "CIRCUIT_BREAKER_THRESHOLD": "2", "RETRY_MAX": "0", "CACHE_BACKEND": "memory",
            ], configFile: emptyConfigFile)
            try await FolioRuntime.with(settings) { runtime in
                let before = await runtime.health()
                #expect(before.map(\.circuit) == ["closed"])  // one failed probe: below the threshold
                let request = ChatRequest(messages: [ChatMessage(.user, "Hello")])
                await #expect(throws: FolioError.self) {
                    for try await _ in try runtime.streamer(cached: false).stream(request) {}
                }
                // The probe (a second failure) and the failed call share one breaker.
                let after = await runtime.health()
                #expect(after.map(\.circuit) == ["open"])
                #expect(after.first?.status == 500)
            }
        }
    }

    @Test func aTierWithoutItsKeyIsUnconfiguredAndNotContacted() async throws {
        let settings = try await Settings.load(environment: ["FOLIO_PROVIDERS": "anthropic"], configFile: emptyConfigFile)
        let report = try await FolioRuntime.with(settings) { await $0.health() }
        #expect(report.count == 1)
        #expect(report.first?.configured == false)
        #expect(report.first?.detail == "ANTHROPIC_API_KEY is not set")
        #expect(report.first?.circuit == "-")
    }

    @Test func oneChainServesEveryCallOfARuntime() async throws {
        let settings = try await Settings.load(environment: ["CACHE_BACKEND": "memory"], configFile: emptyConfigFile)
        try await FolioRuntime.with(settings, providers: [ScriptedProvider(replies: [])]) { runtime in
            let first = try runtime.chain()
            let second = try runtime.chain()
            #expect(first.breaker(at: 0) === second.breaker(at: 0))
        }
    }
}
