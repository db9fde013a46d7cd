import Foundation

/// Renders text as each provider's documented streaming wire format, to fake hosted
/// APIs: OpenAI-style SSE, Anthropic Messages SSE, Gemini SSE (CRLF) and Ollama NDJSON.
///
/// Each function returns the body as a list of pieces, one network write each.
public enum ProviderWire {
    /// The wire formats.
    public enum Format: String, Sendable, CaseIterable {
        case openAI = "openai", anthropic, gemini, ollama
    }

    /// `pieces` streamed in `format`, ending with a finish reason and token counts.
    public static func stream(_ format: Format, pieces: [String], finish: String = "stop",
                              promptTokens: Int = 10, completionTokens: Int = 20) -> [String] {
        switch format {
        case .openAI:
            return pieces.map { "data: " + json(["choices": [["index": 0, "delta": ["content": $0], "finish_reason": NSNull()]]]) + "\n\n" }
                + ["data: " + json(["choices": [["index": 0, "delta": [String: Any](), "finish_reason": finish]]]) + "\n\n",
                   "data: " + json(["choices": [Any](), "usage": ["prompt_tokens": promptTokens, "completion_tokens": completionTokens]]) + "\n\n",
                   "data: [DONE]\n\n"]
        case .anthropic:
            let stop = finish == "length" ? "max_tokens" : "end_turn"
            return [event("message_start", ["type": "message_start", "message": ["id": "msg_01", "type": "message", "role": "assistant", "content": [Any](), "model": "claude", "usage": ["input_tokens": promptTokens, "output_tokens": 1]]]),
                    event("content_block_start", ["type": "content_block_start", "index": 0, "content_block": ["type": "text", "text": ""]]),
                    event("ping", ["type": "ping"])]
                + pieces.map { event("content_block_delta", ["type": "content_block_delta", "index": 0, "delta": ["type": "text_delta", "text": $0]]) }
                + [event("content_block_stop", ["type": "content_block_stop", "index": 0]),
                   event("message_delta", ["type": "message_delta", "delta": ["stop_reason": stop, "stop_sequence": NSNull()], "usage": ["output_tokens": completionTokens]]),
                   event("message_stop", ["type": "message_stop"])]
        case .gemini:
            let reason = finish == "length" ? "MAX_TOKENS" : "STOP"
            return pieces.enumerated().map { index, piece in
                var candidate: [String: Any] = ["content": ["parts": [["text": piece]], "role": "model"], "index": 0]
                if index == pieces.count - 1 { candidate["finishReason"] = reason }
                return "data: " + json(["candidates": [candidate], "usageMetadata": ["promptTokenCount": promptTokens, "candidatesTokenCount": completionTokens]]) + "\r\n\r\n"
            }
        case .ollama:
            return pieces.map { json(["model": "llama3.2", "message": ["role": "assistant", "content": $0], "done": false]) + "\n" }
                + [json(["model": "llama3.2", "message": ["role": "assistant", "content": ""], "done": true, "done_reason": finish, "prompt_eval_count": promptTokens, "eval_count": completionTokens]) + "\n"]
        }
    }

    /// The content type each format is served with.
    public static func contentType(_ format: Format) -> String {
        format == .ollama ? "application/x-ndjson" : "text/event-stream"
    }

    /// The format a request path belongs to: `/chat/completions`, `/v1/messages`,
    /// `:streamGenerateContent`, `/api/chat`.
    public static func format(ofPath path: String) -> Format? {
        if path.hasSuffix("/chat/completions") { return .openAI }
        if path.hasSuffix("/v1/messages") { return .anthropic }
        if path.contains(":streamGenerateContent") { return .gemini }
        if path.hasSuffix("/api/chat") { return .ollama }
        return nil
    }

    /// Each format's error body for `status`, as the provider documents it.
    public static func errorBody(_ format: Format, status: Int, message: String, type: String) -> String {
        switch format {
        case .openAI: json(["error": ["message": message, "type": type, "code": NSNull()]])
        case .anthropic: json(["type": "error", "error": ["type": type, "message": message]])
        case .gemini: json(["error": ["code": status, "message": message, "status": type]])
        case .ollama: json(["error": message])
        }
    }

    private static func event(_ name: String, _ object: [String: Any]) -> String {
        "event: \(name)\ndata: \(json(object))\n\n"
    }

    static func json(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
