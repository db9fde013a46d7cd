import FolioHTTP
import Foundation

/// Turns the lines of an Ollama `/api/chat` stream into `StreamEvent`s.
///
/// Each line is a JSON object with `message.content`; the last has `"done": true`,
/// `done_reason`, and the token counts `prompt_eval_count` and `eval_count`. A line with
/// `error` fails the stream.
struct OllamaStreamState: WireStreamState {
    private let provider: String
    private let apiKey: String?
    private(set) var isDone = false

    init(provider: String, apiKey: String?) {
        self.provider = provider
        self.apiKey = apiKey
    }

    /// Handles one line; throws `ProviderError` for an error line or malformed JSON.
    mutating func handle(_ record: ServerSentEvent) throws -> [StreamEvent] {
        guard !isDone else { return [] }
        let decoded = try ErrorBodyText.decodeRecord(OllamaWire.Line.self, from: record.data, provider: provider,
                                                     hiding: apiKey)
        if let error = decoded.error {
            throw ProviderError(provider: provider, message: ErrorBodyText.oneLine(error, hiding: apiKey))
        }
        var events: [StreamEvent] = []
        if let text = decoded.message?.content, !text.isEmpty { events.append(.text(text)) }
        if decoded.done == true {
            isDone = true
            if decoded.promptEvalCount != nil || decoded.evalCount != nil {
                events.append(.usage(TokenUsage(promptTokens: decoded.promptEvalCount ?? 0,
                                                completionTokens: decoded.evalCount ?? 0)))
            }
            events.append(.finish(FinishReason(wireValue: decoded.doneReason ?? "stop")))
        }
        return events
    }

    /// The body ended; without a `done` line the stream was cut.
    func end() throws -> [StreamEvent] {
        guard isDone else { throw TransportError.broken("stream ended before the model finished") }
        return []
    }
}
