import FolioHTTP
import Foundation

/// Turns the server-sent events of a Chat Completions stream into `StreamEvent`s.
///
/// OpenAI sends `finish_reason` in one chunk, usage in a later chunk with empty
/// `choices`, then `data: [DONE]`; llama.cpp may put usage in the finish chunk.
/// Usage and the finish reason are therefore remembered and emitted together,
/// once, when the stream is done.
struct OpenAIChatStreamState: WireStreamState {
    private let provider: String
    private let apiKey: String?
    private var finishReason: String?
    private var usage: TokenUsage?
    /// The model sent a refusal instead of an answer.
    private var refused = false
    /// `[DONE]` arrived and the closing events were emitted.
    private(set) var isDone = false

    /// Creates the state for one stream; `apiKey` is hidden in every message.
    init(provider: String, apiKey: String?) {
        self.provider = provider
        self.apiKey = apiKey
    }

    /// Handles one event; throws `ProviderError` for an error event or malformed JSON.
    mutating func handle(_ event: ServerSentEvent) throws -> [StreamEvent] {
        guard !isDone else { return [] }
        if event.event == "error" {
            let message = Self.errorMessage(inBody: Array(event.data.utf8), hiding: apiKey)
                ?? "the stream reported an error"
            throw ProviderError(provider: provider, message: message)
        }
        if event.data == "[DONE]" { return closingEvents() }

        let chunk = try ErrorBodyText.decodeRecord(OpenAIChatWire.Chunk.self, from: event.data, provider: provider, hiding: apiKey)
        if let error = chunk.error {
            let message = error.message.map { Self.oneLine($0, hiding: apiKey) } ?? "the stream reported an error"
            throw ProviderError(provider: provider, message: message)
        }
        if let wireUsage = chunk.usage {
            usage = TokenUsage(promptTokens: wireUsage.promptTokens, completionTokens: wireUsage.completionTokens)
        }
        // Only the first choice is the answer; a request for several (`n`) interleaves
        // the others' chunks, which must not be mixed into it.
        guard let choice = chunk.choices?.first(where: { ($0.index ?? 0) == 0 }) else { return [] }
        if let reason = choice.finishReason { finishReason = reason }
        if let refusal = choice.delta?.refusal, !refusal.isEmpty { refused = true }
        if let text = choice.delta?.content, !text.isEmpty { return [.text(text)] }
        return []
    }

    /// `[DONE]` is whole though it is not JSON.
    func isWholeRecord(_ data: String) -> Bool {
        data == "[DONE]" || (try? JSONSerialization.jsonObject(with: Data(data.utf8))) != nil
    }

    /// The body ended; a stream that stopped before the model finished is broken.
    mutating func end() throws -> [StreamEvent] {
        guard !isDone else { return [] }
        guard finishReason != nil else {
            throw TransportError.broken("stream ended before the model finished")
        }
        return closingEvents()
    }

    private mutating func closingEvents() -> [StreamEvent] {
        isDone = true
        var events: [StreamEvent] = []
        if let usage { events.append(.usage(usage)) }
        // A refusal ends with `stop`; report it as what it is so it is not taken for an answer.
        events.append(.finish(FinishReason(wireValue: refused ? "refusal" : finishReason ?? "stop")))
        return events
    }

    /// The `error.message` of a JSON error body, or else the body's text, on one line.
    static func errorMessage(inBody body: [UInt8], hiding apiKey: String?) -> String? {
        if let envelope = try? JSONDecoder().decode(OpenAIChatWire.ErrorEnvelope.self, from: Data(body)),
           let message = envelope.error.message, !message.isEmpty {
            return oneLine(message, hiding: apiKey)
        }
        let text = oneLine(String(decoding: body, as: UTF8.self), hiding: apiKey)
        return text.isEmpty ? nil : text
    }

    /// Collapses whitespace to single spaces and truncates to `limit` characters.
    ///
    /// Servers echo parts of a rejected key in their messages, so the key is
    /// replaced before truncating, when a cut could otherwise leave part of it.
    static func oneLine(_ text: String, hiding apiKey: String?, limit: Int = 200) -> String {
        var text = text
        if let apiKey, !apiKey.isEmpty {
            text = text.replacingOccurrences(of: apiKey, with: "<redacted>")
        }
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard words.count > limit else { return words }
        return words.prefix(limit) + "…"
    }
}
