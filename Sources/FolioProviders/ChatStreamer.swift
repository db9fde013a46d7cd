/// Anything that streams one answer for a request as chain events: a `ProviderChain`, or a
/// layer in front of it (a cache, a recorder). Pipelines depend on this, not on the chain.
public protocol ChatStreamer: Sendable {
    /// Streams one answer.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChainEvent, any Error>

    /// Tells the layers that the answer to `request` was rejected (e.g. an outline that is not
    /// valid JSON), so none of them hands it out again.
    func discard(_ request: ChatRequest) async
}

extension ChatStreamer {
    /// Nothing is kept, so there is nothing to discard.
    public func discard(_ request: ChatRequest) async {}
}

extension ProviderChain: ChatStreamer {}
