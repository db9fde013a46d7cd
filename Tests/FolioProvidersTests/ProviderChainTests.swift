import FolioCore
import FolioHTTP
import FolioProviders
import FolioTesting
import Foundation
import Testing

/// Retry, backoff, fallback and circuit breaking, with time from a virtual clock.
@Suite("ProviderChain")
struct ProviderChainTests {
    static let request = ChatRequest(messages: [.init(.user, "Write one line.")])

    static func configuration(retries: Int = 2, threshold: Int = 5) -> ProviderChain.Configuration {
        var configuration = ProviderChain.Configuration()
        configuration.maxRetries = retries
        configuration.jitter = 0
        configuration.breakerThreshold = threshold
        configuration.credentialNames = ["primary": "PRIMARY_API_KEY"]
        return configuration
    }

    struct Outcome {
        var text = ""
        var events: [ChainEvent] = []
        var error: (any Error)?
        var failures: [String] {
            events.compactMap { if case .failed(let name, let reason) = $0 { "\(name): \(reason)" } else { nil } }
        }
    }

    static func run(_ chain: ProviderChain, _ request: ChatRequest = request) async -> Outcome {
        var outcome = Outcome()
        do {
            for try await event in chain.stream(request) {
                outcome.events.append(event)
                if case .text(let piece) = event { outcome.text += piece }
            }
        } catch {
            outcome.error = error
        }
        return outcome
    }

    static func http(_ status: Int, _ message: String = "failure", retryAfter: Double? = nil) -> ProviderError {
        ProviderError(provider: "primary", status: status, retryAfter: retryAfter, message: message)
    }

    @Test func aBrokenStreamIsRetriedAsAContinuationWithoutDuplicateOrGap() async throws {
        let clock = VirtualClock()
        let primary = ScriptedProvider(name: "primary", replies: [
            .fail(after: ["The beam ", "swept "], error: TransportError.broken("connection reset")),
            .text(["the bay."], usage: TokenUsage(promptTokens: 12, completionTokens: 3)),
        ])
        let chain = ProviderChain(tiers: [primary], configuration: Self.configuration(), clock: ChainClock(clock))
        let outcome = await Self.run(chain)
        #expect(outcome.error == nil)
        #expect(outcome.text == "The beam swept the bay.")
        #expect(clock.sleeps == [.milliseconds(500)])
        let continued = try #require(primary.requests.last)
        #expect(continued.messages == Self.request.messages + [
            ChatMessage(.assistant, "The beam swept "), ChatMessage(.user, ChatRequest.continueInstruction)])
        #expect(outcome.events.last == .finish(.stop))
    }

    @Test func transientFailuresBackOffExponentiallyThenFallThrough() async throws {
        let clock = VirtualClock()
        let primary = ScriptedProvider(name: "primary", replies: Array(repeating: .fail(after: [], error: Self.http(503)), count: 4))
        let backup = ScriptedProvider(name: "backup", replies: [.text(["Saved."])])
        let chain = ProviderChain(tiers: [primary, backup], configuration: Self.configuration(retries: 3), clock: ChainClock(clock))
        let outcome = await Self.run(chain)
        #expect(outcome.text == "Saved.")
        #expect(primary.requests.count == 4)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1), .seconds(2)])
        #expect(outcome.failures.last == "primary: HTTP 503: failure")
    }

    @Test func backoffIsCappedAndJittered() async throws {
        var configuration = Self.configuration()
        configuration.maxDelay = .seconds(3)
        configuration.jitter = 0.2
        let chain = ProviderChain(tiers: [ScriptedProvider(replies: [])], configuration: configuration)
        for retry in 0..<8 {
            let base = min(Duration.milliseconds(500) * (1 << retry), .seconds(3))
            let delay = chain.backoff(retry)
            #expect(delay >= base * 0.8 && delay <= base * 1.2, "retry \(retry): \(delay)")
        }
    }

    @Test func rateLimitWaitsRetryAfterCappedThenRetriesTheSameTier() async throws {
        let clock = VirtualClock()
        let primary = ScriptedProvider(name: "primary", replies: [
            .fail(after: [], error: Self.http(429, retryAfter: 7)),
            .fail(after: [], error: Self.http(429, retryAfter: 600)),
            .text(["Done."]),
        ])
        let chain = ProviderChain(tiers: [primary], configuration: Self.configuration(), clock: ChainClock(clock))
        let outcome = await Self.run(chain)
        #expect(outcome.text == "Done.")
        #expect(clock.sleeps == [.seconds(7), .seconds(30)])
        #expect(outcome.failures.first == "primary: HTTP 429: failure; retrying in 7 s")
    }

    @Test func rateLimitRetriesRunOutThenTheNextTierAnswers() async throws {
        let clock = VirtualClock()
        let primary = ScriptedProvider(name: "primary", replies: Array(repeating: .fail(after: [], error: Self.http(429, retryAfter: 1)), count: 3))
        let backup = ScriptedProvider(name: "backup", replies: [.text(["Backup."])])
        let chain = ProviderChain(tiers: [primary, backup], configuration: Self.configuration(), clock: ChainClock(clock))
        let outcome = await Self.run(chain)
        #expect(outcome.text == "Backup.")
        #expect(primary.requests.count == 3)
        #expect(clock.sleeps == [.seconds(1), .seconds(1)])
    }

    @Test(arguments: [401, 403])
    func authFailuresAreNotRetriedAndNameTheKey(_ status: Int) async throws {
        let clock = VirtualClock()
        let primary = ScriptedProvider(name: "primary", replies: [.fail(after: [], error: Self.http(status, "invalid x-api-key"))])
        let backup = ScriptedProvider(name: "backup", replies: [.text(["Backup."])])
        let chain = ProviderChain(tiers: [primary, backup], configuration: Self.configuration(), clock: ChainClock(clock))
        let outcome = await Self.run(chain)
        #expect(outcome.text == "Backup.")
        #expect(primary.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
        #expect(outcome.failures == ["primary: HTTP \(status): invalid x-api-key; check PRIMARY_API_KEY"])
    }

    @Test func aMissingModelFallsThroughAtOnce() async throws {
        let primary = ScriptedProvider(name: "primary", replies: [.fail(after: [], error: Self.http(404, "model not found"))])
        let backup = ScriptedProvider(name: "backup", replies: [.text(["Backup."])])
        let clock = VirtualClock()
        let outcome = await Self.run(ProviderChain(tiers: [primary, backup], configuration: Self.configuration(), clock: ChainClock(clock)))
        #expect(outcome.text == "Backup.")
        #expect(primary.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func aTierThatBreaksMidStreamHandsOverToTheNextWhichContinues() async throws {
        let primary = ScriptedProvider(name: "primary", replies: [
            .fail(after: ["Once upon ", "a time"], error: Self.http(401, "key revoked")),
        ])
        let backup = ScriptedProvider(name: "backup", model: "backup-model", replies: [.text([", a keeper lived."])])
        let outcome = await Self.run(ProviderChain(tiers: [primary, backup], configuration: Self.configuration(), clock: ChainClock(VirtualClock())))
        #expect(outcome.text == "Once upon a time, a keeper lived.")
        let continued = try #require(backup.requests.first)
        #expect(continued.model == "backup-model")
        #expect(continued.messages.suffix(2) == [ChatMessage(.assistant, "Once upon a time"),
                                                 ChatMessage(.user, ChatRequest.continueInstruction)])
    }

    @Test func whenEveryTierFailsTheErrorHasOneLinePerTier() async throws {
        let primary = ScriptedProvider(name: "primary", replies: [.fail(after: [], error: Self.http(401, "bad key"))])
        let backup = ScriptedProvider(name: "backup", replies: [.fail(after: [], error: TransportError.connect("connection refused"))])
        var configuration = Self.configuration(retries: 0)
        configuration.credentialNames["backup"] = "BACKUP_API_KEY"
        let outcome = await Self.run(ProviderChain(tiers: [primary, backup], configuration: configuration, clock: ChainClock(VirtualClock())))
        let error = try #require(outcome.error as? FolioError)
        #expect(error.category == .runtime)
        #expect(error.message == """
            every provider tier failed:
              primary: HTTP 401: bad key; check PRIMARY_API_KEY
              backup: connection refused
            """)
        #expect(outcome.text.isEmpty)
    }

    @Test func aPromptTooLongIsATypedErrorTheCallerCanReactTo() async throws {
        let tooLong = ProviderError(provider: "primary", status: 400,
                                    message: "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.")
        let primary = ScriptedProvider(name: "primary", replies: [.fail(after: [], error: tooLong)])
        let clock = VirtualClock()
        let chain = ProviderChain(tiers: [primary], configuration: Self.configuration(threshold: 1), clock: ChainClock(clock))
        let outcome = await Self.run(chain)
        let error = try #require(outcome.error as? ContextTooLongError)
        #expect(error.failures.count == 1)
        #expect(clock.sleeps.isEmpty)
        #expect(await chain.breaker(at: 0).state == .closed)  // the request's fault, not the tier's
    }

    @Test func theBreakerOpensSkipsProbesAndCloses() async throws {
        let clock = VirtualClock()
        let primary = ScriptedProvider(name: "primary", replies: [
            .fail(after: [], error: Self.http(500)), .fail(after: [], error: Self.http(500)),
            .fail(after: [], error: Self.http(500)),  // the failed probe
            .text(["Primary is back."]),               // the successful probe
        ])
        let backup = ScriptedProvider(name: "backup", replies: Array(repeating: .text(["Backup."]), count: 4))
        var configuration = Self.configuration(retries: 0, threshold: 2)
        configuration.breakerCooldown = .seconds(60)
        let chain = ProviderChain(tiers: [primary, backup], configuration: configuration, clock: ChainClock(clock))
        let breaker = chain.breaker(at: 0)

        _ = await Self.run(chain)
        #expect(await breaker.state == .closed)
        #expect(await breaker.failures == 1)
        _ = await Self.run(chain)
        #expect(await breaker.state == .open)

        let skipped = await Self.run(chain)
        #expect(skipped.text == "Backup.")
        #expect(primary.requests.count == 2)
        #expect(skipped.failures.first == "primary: skipped: circuit open after repeated failures")

        clock.advance(by: .seconds(60))
        #expect(await breaker.state == .halfOpen)
        let failedProbe = await Self.run(chain)
        #expect(failedProbe.text == "Backup.")
        #expect(primary.requests.count == 3)
        #expect(await breaker.state == .open)

        clock.advance(by: .seconds(60))
        let probe = await Self.run(chain)
        #expect(probe.text == "Primary is back.")
        #expect(await breaker.state == .closed)
        #expect(await breaker.failures == 0)
    }

    @Test func anOpenBreakerStopsRetriesOnItsTier() async throws {
        let clock = VirtualClock()
        let primary = ScriptedProvider(name: "primary", replies: Array(repeating: .fail(after: [], error: Self.http(502)), count: 5))
        let backup = ScriptedProvider(name: "backup", replies: [.text(["Backup."])])
        let chain = ProviderChain(tiers: [primary, backup], configuration: Self.configuration(retries: 4, threshold: 2),
                                  clock: ChainClock(clock))
        let outcome = await Self.run(chain)
        #expect(outcome.text == "Backup.")
        #expect(primary.requests.count == 2)
        #expect(clock.sleeps == [.milliseconds(500)])
    }

    @Test func cancellationIsNeverAFailure() async throws {
        let primary = ScriptedProvider(name: "primary", replies: [.hang(after: ["Partial"])])
        let backup = ScriptedProvider(name: "backup", replies: [.text(["never"])])
        let chain = ProviderChain(tiers: [primary, backup], configuration: Self.configuration(threshold: 1), clock: ChainClock(VirtualClock()))
        let sawText = AsyncStream<Void>.makeStream()
        let task = Task {
            var events: [ChainEvent] = []
            for try await event in chain.stream(Self.request) {
                events.append(event)
                if case .text = event { sawText.continuation.yield() }
            }
            return events
        }
        for await _ in sawText.stream { break }
        task.cancel()
        let events = try? await task.value
        #expect(!(events ?? []).contains { if case .failed = $0 { true } else { false } })
        #expect(backup.requests.isEmpty)
        #expect(await chain.breaker(at: 0).state == .closed)
        #expect(await chain.breaker(at: 0).failures == 0)
    }

    @Test func usageIsPricedAndMissingUsageIsEstimatedAndMarked() async throws {
        var configuration = Self.configuration()
        configuration.prices = ["primary": TokenPrice(inputPerMillion: 1, outputPerMillion: 4)]
        configuration.estimatesMissingUsage = true
        let primary = ScriptedProvider(name: "primary", replies: [
            .fail(after: ["12345678"], error: TransportError.broken("reset")),           // 8 characters out
            .text(["abcd"], usage: TokenUsage(promptTokens: 1_000, completionTokens: 500)),
        ])
        let chain = ProviderChain(tiers: [primary], configuration: configuration, clock: ChainClock(VirtualClock()))
        let outcome = await Self.run(chain)
        let usages = outcome.events.compactMap { if case .usage(let usage) = $0 { usage } else { nil } }
        #expect(usages.count == 2)
        // The broken attempt: "Write one line." is 15 characters in (4 tokens), 8 out (2 tokens).
        #expect(usages[0] == TokenUsage(promptTokens: 4, completionTokens: 2, costUSD: 12e-6, estimated: true))
        #expect(usages[1] == TokenUsage(promptTokens: 1_000, completionTokens: 500, costUSD: 0.003))
        let total = usages.reduce(TokenUsage.zero, +)
        #expect(total.estimated == true)
        #expect(abs((total.costUSD ?? 0) - 0.003012) < 1e-12)

        let silent = ScriptedProvider(name: "other", replies: [.text(["four"])])
        let unpriced = await Self.run(ProviderChain(tiers: [silent], configuration: configuration, clock: ChainClock(VirtualClock())))
        #expect(unpriced.events.contains(.usage(TokenUsage(promptTokens: 4, completionTokens: 1, estimated: true))))
    }

    @Test func aHalfOpenProbeRefusedForItsPromptFreesTheProbeSlot() async throws {
        let clock = VirtualClock()
        let tooLong = ProviderError(provider: "primary", status: 400, message: "prompt is too long")
        let primary = ScriptedProvider(name: "primary", replies: [
            .fail(after: [], error: Self.http(500)), .fail(after: [], error: tooLong), .text(["Back."]),
        ])
        var configuration = Self.configuration(retries: 0, threshold: 1)
        configuration.breakerCooldown = .seconds(10)
        let chain = ProviderChain(tiers: [primary], configuration: configuration, clock: ChainClock(clock))
        _ = await Self.run(chain)
        #expect(await chain.breaker(at: 0).state == .open)
        clock.advance(by: .seconds(10))
        let refused = await Self.run(chain)
        #expect(refused.error is ContextTooLongError)
        #expect(await chain.breaker(at: 0).state == .halfOpen)
        let probe = await Self.run(chain)
        #expect(probe.text == "Back.")
        #expect(await chain.breaker(at: 0).state == .closed)
    }
}
