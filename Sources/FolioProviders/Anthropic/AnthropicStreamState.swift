import FolioHTTP
import Foundation

/// Turns the server-sent events of an Anthropic Messages stream into `StreamEvent`s.
///
/// `message_start` carries the prompt's token count, `content_block_delta` the text,
/// `message_delta` the stop reason and the output token count, and `message_stop` ends
/// the answer; `ping` is ignored and an `error` event (e.g. `overloaded_error`) fails the
/// stream, even after text.
struct AnthropicStreamState: WireStreamState {
    private let provider: String
    private let apiKey: String?
    private var inputTokens: Int?
    private var outputTokens: Int?
    private var stopReason: String?
    /// `message_stop` arrived and the closing events were emitted.
    private(set) var isDone = false

    init(provider: String, apiKey: String?) {
        self.provider = provider
        self.apiKey = apiKey
    }

    /// Handles one event; throws `ProviderError` for an error event or malformed JSON.
    mutating func handle(_ event: ServerSentEvent) throws -> [StreamEvent] {
        guard !isDone else { return [] }
        let decoded = try ErrorBodyText.decodeRecord(AnthropicWire.Event.self, from: event.data, provider: provider, hiding: apiKey)
        switch decoded.type {
        case "message_start":
            if let usage = decoded.message?.usage {
                inputTokens = usage.inputTokens ?? inputTokens
                outputTokens = usage.outputTokens ?? outputTokens
            }
        case "content_block_delta":
            if decoded.delta?.type == "text_delta", let text = decoded.delta?.text, !text.isEmpty {
                return [.text(text)]
            }
        case "message_delta":
            if let reason = decoded.delta?.stopReason { stopReason = reason }
            if let usage = decoded.usage {
                inputTokens = usage.inputTokens ?? inputTokens
                outputTokens = usage.outputTokens ?? outputTokens
            }
        case "message_stop":
            return closingEvents()
        case "error":
            let type = decoded.error?.type
            let message = decoded.error?.message.map { ErrorBodyText.oneLine($0, hiding: apiKey) }
                ?? type ?? "the stream reported an error"
            throw ProviderError(provider: provider, message: type.map { "\($0): \(message)" } ?? message,
                                errorType: type)
        default:
            break  // ping, content_block_start, content_block_stop, and types added later
        }
        return []
    }

    /// The body ended without `message_stop`: complete if `message_delta` already gave the
    /// stop reason (only the closing marker was lost), else cut.
    mutating func end() throws -> [StreamEvent] {
        guard !isDone else { return [] }
        guard stopReason != nil else { throw TransportError.broken("stream ended before the model finished") }
        return closingEvents()
    }

    private mutating func closingEvents() -> [StreamEvent] {
        isDone = true
        var events: [StreamEvent] = []
        if inputTokens != nil || outputTokens != nil {
            events.append(.usage(TokenUsage(promptTokens: inputTokens ?? 0, completionTokens: outputTokens ?? 0)))
        }
        events.append(.finish(FinishReason(wireValue: stopReason ?? "end_turn")))
        return events
    }
}
