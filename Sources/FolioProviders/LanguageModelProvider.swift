/// A model that streams completions.
///
/// One requirement: stream a request into events. The stream ends after a
/// `.finish` event, or throws (`ProviderError`, `CancellationError`).
/// Cancelling the consuming task aborts the underlying transfer.
public protocol LanguageModelProvider: Sendable {
    /// The tier name, e.g. `local` or `openai`.
    var name: String { get }
    /// The model used when a request names none.
    var defaultModel: String { get }
    /// Streams one completion.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error>
    /// What, besides the request, decides this tier's answers: its name and model, and
    /// where they come from (the server's base URL; for the bundled model, the model
    /// file's path, size and modification time). Part of every response-cache key, so two
    /// servers that both call their model `default` never share answers. Never a key.
    var cacheIdentity: String { get }
}

extension LanguageModelProvider {
    /// `name=model`, for tiers with nothing more to tell apart (test doubles).
    public var cacheIdentity: String { "\(name)=\(defaultModel)" }
}
