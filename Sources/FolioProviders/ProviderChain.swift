import FolioCore
import FolioHTTP
import Foundation
import Logging

/// Tries provider tiers in order until one completes the answer.
///
/// Each failure is handled by its kind: a 429 waits `Retry-After` (capped) and retries
/// the same tier; 5xx, timeouts, broken connections and error events mid-stream retry
/// with exponential backoff and jitter; 401/403, 404 and other rejections move straight
/// to the next tier (an auth failure names the key's environment variable). A circuit
/// breaker per tier, shared by every call of the chain, skips a tier that keeps failing
/// until a cool-down has passed.
///
/// When a stream breaks after some text, the next attempt — on the same tier or the
/// next — is asked to continue from that text, so the caller sees one seamless answer.
/// Cancellation is never treated as a failure. When every tier fails the stream throws
/// a runtime `FolioError` with one line per tier (or `ContextTooLongError` when a tier
/// said the prompt is too long) — never placeholder text.
public struct ProviderChain: Sendable {
    /// Retry, backoff and circuit-breaker limits.
    public struct Configuration: Sendable {
        /// Retries of a tier after transient failures (5xx, timeouts, broken streams).
        public var maxRetries = 2
        /// Retries of a tier after rate limiting (429).
        public var maxRateLimitRetries = 2
        /// Backoff before the first retry; doubled for each further one.
        public var baseDelay: Duration = .milliseconds(500)
        /// Longest backoff between retries.
        public var maxDelay: Duration = .seconds(8)
        /// Longest wait honoured from a `Retry-After` header.
        public var retryAfterCap: Duration = .seconds(30)
        /// Random spread of each backoff, as a fraction (0.2 = ±20 %).
        public var jitter = 0.2
        /// Consecutive failures that open a tier's circuit.
        public var breakerThreshold = 5
        /// How long an open circuit skips its tier before a probe.
        public var breakerCooldown: Duration = .seconds(60)
        /// The environment variable holding each tier's key, named in auth failures.
        public var credentialNames: [String: String] = [:]
        /// Every key in use, hidden from each failure message — a server may echo any
        /// credential, not only the one its own tier sent.
        public var secrets: [Secret] = []
        /// Prices by tier name; each usage event of a priced tier carries its cost.
        public var prices: [String: TokenPrice] = [:]
        /// Whether a call whose provider reports no usage gets a rough estimate instead
        /// (marked `estimated`), also for a broken attempt that already produced text.
        public var estimatesMissingUsage = false

        /// The defaults.
        public init() {}
    }

    /// The tiers, in fallback order.
    public let tiers: [any LanguageModelProvider]
    /// The limits in force.
    public let configuration: Configuration
    private let breakers: [CircuitBreaker]
    private let clock: ChainClock

    private static let logger = FolioLogging.logger("chain")

    /// Creates a chain over `tiers` (at least one), with time from `clock`.
    public init(tiers: [any LanguageModelProvider], configuration: Configuration = .init(),
                clock: ChainClock = .continuous) {
        precondition(!tiers.isEmpty, "a provider chain needs at least one tier")
        self.tiers = tiers
        self.configuration = configuration
        self.clock = clock
        self.breakers = tiers.map {
            CircuitBreaker(tier: $0.name, threshold: configuration.breakerThreshold,
                           cooldown: configuration.breakerCooldown, clock: clock)
        }
    }

    /// The circuit breaker of the tier at `index`.
    public func breaker(at index: Int) -> CircuitBreaker { breakers[index] }

    /// Streams one answer, falling back across tiers.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChainEvent, any Error> {
        .producing { yield in try await run(request, yield: yield) }
    }

    private func run(_ request: ChatRequest, yield: @Sendable (ChainEvent) -> Void) async throws {
        var partial = ""
        var failures: [String] = []
        var promptTooLong = false
        for (index, tier) in tiers.enumerated() {
            try Task.checkCancellation()
            let breaker = breakers[index]
            guard await breaker.admit() else {
                let reason = "skipped: circuit open after repeated failures"
                failures.append("\(tier.name): \(reason)")
                yield(.failed(provider: tier.name, reason: reason))
                continue
            }
            var retries = 0
            var rateLimitRetries = 0
            while true {
                var attempt = partial.isEmpty ? request : request.continuing(from: partial)
                if attempt.model == nil { attempt.model = tier.defaultModel }
                yield(.attempt(provider: tier.name, model: attempt.model ?? tier.defaultModel))
                let failed: any Error
                var produced = ""
                do {
                    if try await answer(tier, attempt, partial: &partial, produced: &produced, yield: yield) {
                        await breaker.recordSuccess()
                        return
                    }
                    failed = TransportError.broken("stream ended without a finish reason")
                } catch {
                    if error is CancellationError || Task.isCancelled {
                        await breaker.release()
                        throw CancellationError()
                    }
                    failed = error
                }
                if configuration.estimatesMissingUsage && !produced.isEmpty {
                    // The broken attempt was most likely billed; count it roughly.
                    yield(.usage(priced(estimate(attempt, produced), tier: tier.name)))
                }
                let failure = FailureClass(failed)
                if failure == .contextTooLong {
                    await breaker.release()
                } else {
                    await breaker.recordFailure()
                }
                let reason = explain(failed, failure, tier: tier.name)
                if let delay = retryDelay(failure, retries: &retries, rateLimitRetries: &rateLimitRetries),
                   await breaker.allowsRetry {
                    let seconds = delay.seconds
                    let shown = "\(reason); retrying in \(Self.format(seconds)) s"
                    Self.logger.info("provider call failed", metadata: ["provider": "\(tier.name)", "reason": "\(shown)"])
                    yield(.failed(provider: tier.name, reason: shown))
                    try await clock.sleep(for: delay)
                    continue
                }
                if failure == .contextTooLong { promptTooLong = true }
                Self.logger.info("provider tier failed", metadata: ["provider": "\(tier.name)", "reason": "\(reason)"])
                failures.append("\(tier.name): \(reason)")
                yield(.failed(provider: tier.name, reason: reason))
                break
            }
        }
        if promptTooLong { throw ContextTooLongError(failures: failures) }
        throw FolioError(.everyTierFailed, "every provider tier failed:\n  " + failures.joined(separator: "\n  "))
    }

    /// Streams one attempt, adding its text to `partial` and `produced`; returns whether it finished.
    private func answer(_ tier: any LanguageModelProvider, _ request: ChatRequest, partial: inout String,
                        produced: inout String, yield: @Sendable (ChainEvent) -> Void) async throws -> Bool {
        var reportedUsage = false
        for try await event in tier.stream(request) {
            switch event {
            case .text(let text):
                partial += text
                produced += text
                yield(.text(text))
            case .usage(let usage):
                reportedUsage = true
                yield(.usage(priced(usage, tier: tier.name)))
            case .finish(let reason):
                if let unusable = Self.unusable(reason, answer: partial, tier: tier.name) { throw unusable }
                if !reportedUsage && configuration.estimatesMissingUsage {
                    yield(.usage(priced(estimate(request, produced), tier: tier.name)))
                }
                produced = ""
                yield(.finish(reason))
                return true
            }
        }
        try Task.checkCancellation()
        return false
    }

    /// The failure an answer that ended normally still is: one with no visible text (a
    /// tool call only, a blocked prompt, a server speaking another endpoint's format), or
    /// one the model stopped for a reason other than finishing or the token limit (a
    /// refusal, a safety or recitation stop). `nil` for a usable answer.
    static func unusable(_ reason: FinishReason, answer: String, tier: String) -> ProviderError? {
        switch reason {
        case .other(let wireValue):
            return .unusableAnswer(provider: tier, "the model stopped without finishing its answer (\(wireValue))")
        case .stop, .length:
            guard answer.allSatisfy(\.isWhitespace) else { return nil }
            return .unusableAnswer(provider: tier, "the model finished without any text (\(reason == .stop ? "stop" : "length"))")
        }
    }

    /// `usage` with its cost, when the tier has a price.
    private func priced(_ usage: TokenUsage, tier: String) -> TokenUsage {
        guard let price = configuration.prices[tier] else { return usage }
        var usage = usage
        usage.costUSD = price.cost(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens)
        return usage
    }

    /// A rough count for an attempt: its messages in, `output` out.
    private func estimate(_ request: ChatRequest, _ output: String) -> TokenUsage {
        TokenUsage.estimate(promptCharacters: request.messages.reduce(0) { $0 + $1.content.count },
                            completionCharacters: output.count)
    }

    /// The wait before retrying the same tier, or `nil` when the failure is not retried
    /// or its retries are used up.
    private func retryDelay(_ failure: FailureClass, retries: inout Int, rateLimitRetries: inout Int) -> Duration? {
        switch failure {
        case .rateLimited(let retryAfter):
            guard rateLimitRetries < configuration.maxRateLimitRetries else { return nil }
            defer { rateLimitRetries += 1 }
            if let retryAfter {
                return min(.milliseconds(Int64((retryAfter * 1000).rounded())), configuration.retryAfterCap)
            }
            return backoff(rateLimitRetries)
        case .transient:
            guard retries < configuration.maxRetries else { return nil }
            defer { retries += 1 }
            return backoff(retries)
        case .authentication, .notFound, .contextTooLong, .rejected:
            return nil
        }
    }

    /// The wait before retry number `retry` (from 0): `baseDelay · 2^retry`, capped at
    /// `maxDelay`, spread by ±`jitter`.
    public func backoff(_ retry: Int) -> Duration {
        let exponential = configuration.baseDelay * (1 << min(retry, 20))
        let capped = min(exponential, configuration.maxDelay)
        guard configuration.jitter > 0 else { return capped }
        let spread = Double.random(in: -configuration.jitter...configuration.jitter)
        return capped * (1 + spread)
    }

    /// One line for the user: the error, and what to do about an auth failure.
    private func explain(_ error: any Error, _ failure: FailureClass, tier: String) -> String {
        var text = (error as? ProviderError).map { error in
            error.status.map { "HTTP \($0): \(error.message)" } ?? error.message
        } ?? String(describing: error)
        for secret in configuration.secrets where !secret.value.isEmpty {
            text = text.replacingOccurrences(of: secret.value, with: "<redacted>")
        }
        switch failure {
        case .authentication:
            text += "; check \(configuration.credentialNames[tier] ?? "the tier's API key")"
        case .notFound:
            text += "; check the model name"
        default:
            break
        }
        return text
    }

    private static func format(_ seconds: Double) -> String {
        if seconds < 1 { return String(format: "%.2g", seconds) }
        let rounded = (seconds * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
