import FolioProviders

/// Cache keys: a readable prefix saying what the entry is for, then the SHA-256 of a canonical
/// encoding of everything that changes the answer.
///
/// `chapter:<slug>:<n>:<hash>`, `outline:<slug>:<hash>`, `summary:…:<hash>`,
/// `embed:<model>:<hash>`, and `chat:<hash>` for calls that name no purpose. The prefix is
/// for people and patterns (`folio cache clear --pattern 'chapter:my-book:*'`); the hash alone
/// decides a hit. API keys never enter a key.
public enum CacheKey {
    /// The key of a chat request answered by `route` (the provider tiers, their models and
    /// endpoints, see ``CachingStreamer/route(of:)``): model, messages, temperature, token
    /// limit, stop sequences, penalties and JSON schema all count; `purpose` only names the
    /// prefix.
    public static func chat(_ request: ChatRequest, route: String) -> String {
        var encoder = CanonicalEncoder()
        encoder.field("route", route)
        encoder.field("model", request.model)
        encoder.field("messages", String(request.messages.count))
        for message in request.messages {
            encoder.field("role", message.role.rawValue)
            encoder.field("content", message.content)
        }
        encoder.field("temperature", request.temperature)
        encoder.field("max_tokens", request.maxTokens.map(String.init))
        encoder.field("stop", String(request.stop.count))
        for stop in request.stop { encoder.field("stop", stop) }
        encoder.field("json_schema", request.jsonSchema)
        encoder.field("frequency_penalty", request.frequencyPenalty)
        encoder.field("presence_penalty", request.presencePenalty)
        // Added only when set, so the keys of requests without them stay as they were.
        if let seed = request.seed { encoder.field("seed", String(seed)) }
        if let repetition = request.repetition { encoder.field("repetition", String(describing: repetition)) }
        if let grammar = request.grammar { encoder.field("grammar", grammar) }
        for (text, bias) in request.textBias.sorted(by: { $0.key < $1.key }) {
            encoder.field("text_bias", text)
            encoder.field("text_bias", bias)
        }
        if request.keepsCutAnswer { encoder.field("keeps_cut_answer", "yes") }
        if request.continuesAnswer { encoder.field("continues_answer", "yes") }
        return prefix(request.purpose ?? "chat") + ":" + encoder.digest()
    }

    /// The key of an embedding batch: `embed:<model>:<hash of the texts>`.
    public static func embedding(model: String, texts: [String]) -> String {
        make(prefix: "embed:\(model)", parts: texts)
    }

    /// A key for any other cached result: `prefix:<hash of parts>`, where the parts are
    /// everything that changes the result, in a fixed order.
    public static func make(prefix name: String, parts: [String]) -> String {
        var encoder = CanonicalEncoder()
        encoder.field("parts", String(parts.count))
        for part in parts { encoder.field("part", part) }
        return prefix(name) + ":" + encoder.digest()
    }

    /// The kind of entry a key holds: its first component (`chapter`, `outline`, `embed`, …).
    public static func kind(of key: String) -> String {
        String(key.prefix { $0 != ":" })
    }

    /// The prefix with anything a glob or a file system would trip on replaced by `-`.
    static func prefix(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:._-/")
        let cleaned = String(text.map { allowed.contains($0) ? $0 : "-" })
        return cleaned.isEmpty ? "chat" : cleaned
    }
}

/// An unambiguous byte encoding of named fields: each name and value is length-prefixed, and
/// an absent value differs from an empty one, so no two different requests encode alike.
struct CanonicalEncoder {
    private var hasher = SHA256()

    mutating func field(_ name: String, _ value: String?) {
        add(name)
        if let value {
            hasher.update([1])
            add(value)
        } else {
            hasher.update([0])
        }
    }

    mutating func field(_ name: String, _ value: Double?) {
        // The exact bit pattern: 0.7 and 0.70000001 are different requests.
        field(name, value.map { String($0.bitPattern, radix: 16) })
    }

    mutating func digest() -> String {
        hasher.finalize().map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    private mutating func add(_ text: String) {
        let bytes = Array(text.utf8)
        let count = UInt64(bytes.count)
        hasher.update((0..<8).map { UInt8(truncatingIfNeeded: count >> (8 * UInt64($0))) })
        hasher.update(bytes)
    }
}
