import Foundation

/// A plain second reading of a recorded stream, for comparison with the clients: the whole
/// file at once, lines split on any line ending, each record parsed with
/// `JSONSerialization`. It separates what a reader may see (the answer's text) from what
/// must never reach them (thinking, tool-call arguments, refusals, code the model ran).
struct WireTranscriptReading {
    /// The answer's text, in order.
    var visible = ""
    /// Private pieces: each thinking delta, tool-call argument, signature or refusal.
    var hidden: [String] = []

    init(_ bytes: [UInt8], folder: String) {
        let records = folder == "ollama" ? Self.lines(bytes) : Self.eventData(bytes)
        for record in records {
            guard let object = try? JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any] else { continue }
            switch folder {
            case "openai": readOpenAI(object)
            case "anthropic": readAnthropic(object)
            case "gemini": readGemini(object)
            default: readOllama(object)
            }
        }
    }

    private mutating func readOpenAI(_ object: [String: Any]) {
        for choice in object["choices"] as? [[String: Any]] ?? [] {
            let delta = choice["delta"] as? [String: Any] ?? [:]
            let isFirst = (choice["index"] as? Int ?? 0) == 0
            if isFirst, let text = delta["content"] as? String { visible += text }
            if !isFirst, let text = delta["content"] as? String { hidden.append(text) }
            for key in ["refusal", "reasoning_content", "reasoning"] {
                if let text = delta[key] as? String { hidden.append(text) }
            }
            for call in delta["tool_calls"] as? [[String: Any]] ?? [] {
                if let arguments = (call["function"] as? [String: Any])?["arguments"] as? String { hidden.append(arguments) }
            }
        }
    }

    private mutating func readAnthropic(_ object: [String: Any]) {
        guard object["type"] as? String == "content_block_delta", let delta = object["delta"] as? [String: Any] else { return }
        if delta["type"] as? String == "text_delta", let text = delta["text"] as? String {
            visible += text
            return
        }
        for key in ["thinking", "partial_json", "signature", "content"] {
            if let text = delta[key] as? String { hidden.append(text) }
        }
    }

    private mutating func readGemini(_ object: [String: Any]) {
        guard let candidate = (object["candidates"] as? [[String: Any]])?.first,
              let parts = (candidate["content"] as? [String: Any])?["parts"] as? [[String: Any]] else { return }
        for part in parts {
            let text = part["text"] as? String
            if part["thought"] as? Bool == true {
                text.map { hidden.append($0) }
            } else if let text {
                visible += text
            }
            for key in ["functionCall", "executableCode", "codeExecutionResult"] {
                if let value = part[key], let data = try? JSONSerialization.data(withJSONObject: value) {
                    hidden.append(String(decoding: data, as: UTF8.self))
                    if let code = (value as? [String: Any])?["code"] as? String { hidden.append(code) }
                }
            }
        }
    }

    private mutating func readOllama(_ object: [String: Any]) {
        guard let message = object["message"] as? [String: Any] else { return }
        if let text = message["content"] as? String { visible += text }
        if let thinking = message["thinking"] as? String { hidden.append(thinking) }
        if let calls = message["tool_calls"], let data = try? JSONSerialization.data(withJSONObject: calls) {
            hidden.append(String(decoding: data, as: UTF8.self))
        }
    }

    /// The `data` of each event: blocks end at a blank line (or the end of the file).
    static func eventData(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var records: [String] = []
        var data: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) + [""]
        for line in lines {
            if line.isEmpty {
                if !data.isEmpty { records.append(data.joined(separator: "\n")) }
                data = []
            } else if line.hasPrefix("data:") {
                var value = line.dropFirst(5)
                if value.first == " " { value = value.dropFirst() }
                data.append(String(value))
            }
        }
        return records
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The hidden pieces long enough that finding one in the output cannot be chance.
    var telltaleHidden: [String] {
        (hidden + [hidden.joined()]).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { $0.count >= 12 && !visible.contains($0) }
    }
}
