/// What a `ProviderChain` yields: which tier is answering, its stream events, and fallbacks.
public enum ChainEvent: Sendable, Equatable {
    /// A tier starts answering (the first tier, or the next after a failure).
    case attempt(provider: String, model: String)
    /// A tier failed; the chain moves on. `reason` never contains a key.
    case failed(provider: String, reason: String)
    /// The next piece of text.
    case text(String)
    /// Usage reported by the tier that answered.
    case usage(TokenUsage)
    /// Why the answer ended.
    case finish(FinishReason)
}
