import FolioCore
import Logging

/// Tries provider tiers in order until one completes the answer.
///
/// A tier that fails before any text is skipped for the next; a tier whose stream breaks
/// after some text hands over to the next tier, which is asked to continue from that text,
/// so the caller sees one seamless answer. Cancellation is never treated as a failure.
/// When every tier fails the stream throws a runtime `FolioError` with one line per tier —
/// never placeholder text.
public struct ProviderChain: Sendable {
    /// The tiers, in fallback order.
    public let tiers: [any LanguageModelProvider]

    private static let logger = FolioLogging.logger("chain")

    /// Creates a chain over `tiers` (at least one).
    public init(tiers: [any LanguageModelProvider]) {
        precondition(!tiers.isEmpty, "a provider chain needs at least one tier")
        self.tiers = tiers
    }

    /// Streams one answer, falling back across tiers.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChainEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await run(request, into: continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func run(_ request: ChatRequest, into continuation: AsyncThrowingStream<ChainEvent, any Error>.Continuation) async throws {
        var partial = ""
        var failures: [String] = []
        for tier in tiers {
            try Task.checkCancellation()
            var attempt = partial.isEmpty ? request : request.continuing(from: partial)
            if attempt.model == nil { attempt.model = tier.defaultModel }
            continuation.yield(.attempt(provider: tier.name, model: attempt.model ?? tier.defaultModel))
            do {
                for try await event in tier.stream(attempt) {
                    switch event {
                    case .text(let text):
                        partial += text
                        continuation.yield(.text(text))
                    case .usage(let usage):
                        continuation.yield(.usage(usage))
                    case .finish(let reason):
                        continuation.yield(.finish(reason))
                        return
                    }
                }
                try Task.checkCancellation()
                throw TransportError.broken("stream ended without a finish reason")
            } catch {
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                let reason = String(describing: error)
                Self.logger.warning("provider tier failed", metadata: ["provider": "\(tier.name)", "reason": "\(reason)"])
                failures.append("\(tier.name): \(reason)")
                continuation.yield(.failed(provider: tier.name, reason: reason))
            }
        }
        throw FolioError.runtime("every provider tier failed:\n  " + failures.joined(separator: "\n  "))
    }
}
