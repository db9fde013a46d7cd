import FolioHTTP
import Foundation

/// Turns the server-sent events of a Gemini `streamGenerateContent?alt=sse` stream into
/// `StreamEvent`s.
///
/// Every event is a whole `GenerateContentResponse`: text in
/// `candidates[0].content.parts[].text` (except parts marked `thought`, which are private), `usageMetadata` repeated with running totals, and
/// `finishReason` on the last one. The stream has no end marker — the body simply ends —
/// so the closing events are emitted when it does, if a finish reason came.
struct GeminiStreamState: WireStreamState {
    private let provider: String
    private let apiKey: String?
    private var finishReason: String?
    private var usage: TokenUsage?
    private(set) var isDone = false

    init(provider: String, apiKey: String?) {
        self.provider = provider
        self.apiKey = apiKey
    }

    /// Handles one event; throws `ProviderError` for an error object or malformed JSON.
    mutating func handle(_ event: ServerSentEvent) throws -> [StreamEvent] {
        guard !isDone else { return [] }
        let chunk = try ErrorBodyText.decodeRecord(GeminiWire.Chunk.self, from: event.data, provider: provider, hiding: apiKey)
        if let error = chunk.error {
            let message = error.message.map { ErrorBodyText.oneLine($0, hiding: apiKey) }
                ?? error.status ?? "the stream reported an error"
            throw ProviderError(provider: provider, message: message, errorType: error.status)
        }
        if let metadata = chunk.usageMetadata {
            usage = TokenUsage(promptTokens: metadata.promptTokenCount ?? 0,
                               completionTokens: metadata.candidatesTokenCount ?? 0)
        }
        if let blocked = chunk.promptFeedback?.blockReason {
            finishReason = blocked
        }
        guard let candidate = chunk.candidates?.first else { return [] }
        if let reason = candidate.finishReason { finishReason = reason }
        // Thought parts are the model's private reasoning: they never become text.
        let text = (candidate.content?.parts ?? []).filter { $0.thought != true }.compactMap(\.text).joined()
        return text.isEmpty ? [] : [.text(text)]
    }

    /// The body ended: complete if a finish reason came, else cut.
    mutating func end() throws -> [StreamEvent] {
        guard !isDone else { return [] }
        guard let finishReason else { throw TransportError.broken("stream ended before the model finished") }
        isDone = true
        var events: [StreamEvent] = []
        if let usage { events.append(.usage(usage)) }
        events.append(.finish(FinishReason(wireValue: finishReason)))
        return events
    }
}
