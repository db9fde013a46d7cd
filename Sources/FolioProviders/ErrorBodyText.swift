import FolioHTTP
import Foundation

/// Reads the explanation out of a provider's error body or error event, on one line and
/// without the API key.
///
/// Understands `{"error": {"message", "type" | "status"}}` (OpenAI, Anthropic, Gemini) and
/// `{"error": "text"}` (Ollama); anything else is shown as text.
enum ErrorBodyText {
    /// The message and the provider's error type, if the body names them.
    static func parse(_ body: [UInt8], hiding apiKey: String?) -> (message: String?, type: String?) {
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            if let error = object["error"] as? [String: Any] {
                let type = (error["type"] as? String) ?? (error["status"] as? String) ?? (error["code"] as? String)
                let message = (error["message"] as? String).map { oneLine($0, hiding: apiKey) }
                return (message?.isEmpty == false ? message : type, type)
            }
            if let text = object["error"] as? String {
                return (oneLine(text, hiding: apiKey), nil)
            }
        }
        let text = oneLine(String(decoding: body, as: UTF8.self), hiding: apiKey)
        return (text.isEmpty ? nil : text, nil)
    }

    /// Whether `body` is a JSON object with an `error` member, as every provider's error body is.
    static func isErrorObject(_ body: [UInt8]) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return false }
        return object["error"] != nil
    }

    /// Collapses whitespace and truncates; the key is replaced first so a cut never leaves part of it.
    static func oneLine(_ text: String, hiding apiKey: String?, limit: Int = 200) -> String {
        OpenAIChatStreamState.oneLine(text, hiding: apiKey, limit: limit)
    }

    /// The `Retry-After` header in seconds (delta-seconds form), if present and sane.
    static func retryAfter(_ head: HTTPResponseHead) -> Double? {
        head.headers["retry-after"]
            .flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { $0 >= 0 ? $0 : nil }
    }
}

extension ErrorBodyText {
    /// Decodes one record of a stream (an SSE event's data, an NDJSON line); a record that
    /// is not the expected JSON is a `ProviderError`.
    ///
    /// Text that is not JSON at all (an HTML error page, a proxy's message) is quoted, with
    /// the key hidden, since it explains the failure. A JSON record is never quoted: it may
    /// carry the model's private reasoning, which must not reach an error or a log.
    static func decodeRecord<Record: Decodable>(
        _ type: Record.Type, from text: String, provider: String, hiding apiKey: String?
    ) throws -> Record {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            let start = text.first { !$0.isWhitespace }
            let shown = start == "{" || start == "["
                ? "a record of \(text.utf8.count) bytes that does not parse as the expected JSON"
                : oneLine(text, hiding: apiKey, limit: 80)
            throw ProviderError(provider: provider, message: "the stream sent malformed JSON: \(shown)")
        }
    }
}
