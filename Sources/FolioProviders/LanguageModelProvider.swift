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
}
