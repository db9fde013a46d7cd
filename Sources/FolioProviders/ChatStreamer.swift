/// Anything that streams one answer for a request as chain events: a `ProviderChain`, or a
/// layer in front of it (a cache, a recorder). Pipelines depend on this, not on the chain.
public protocol ChatStreamer: Sendable {
    /// Streams one answer.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChainEvent, any Error>
}

extension ProviderChain: ChatStreamer {}
