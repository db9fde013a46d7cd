import Foundation

/// A provider tier Folio can call, as named in `--provider` and `FOLIO_PROVIDERS`.
public enum ProviderName: String, CaseIterable, Sendable, Codable, Comparable {
    /// OpenAI's API (Chat Completions).
    case openai
    /// Anthropic's Messages API.
    case anthropic
    /// Google's Gemini API.
    case gemini
    /// Groq's OpenAI-style API.
    case groq
    /// OpenRouter's OpenAI-style API.
    case openrouter
    /// An Ollama server (`/api/chat`).
    case ollama
    /// The bundled llama.cpp server, or `LOCAL_BASE_URL`.
    case local
    /// Any OpenAI-style server at a base URL.
    case openAICompatible = "openai-compatible"

    /// Whether the tier is reached over the network at a configured endpoint (all but `local`).
    public var isHosted: Bool { self != .local }

    /// Whether calls need an API key; the others work without one.
    public var needsKey: Bool { ![.openAICompatible, .ollama, .local].contains(self) }

    /// The stem of the tier's setting names: `OPENAI_COMPATIBLE` for `openai-compatible`.
    public var settingStem: String { rawValue.uppercased().replacingOccurrences(of: "-", with: "_") }

    /// The variable holding the tier's key, e.g. `ANTHROPIC_API_KEY`.
    public var keyVariable: String { settingStem + "_API_KEY" }

    /// The variable holding the tier's base URL (`OLLAMA_HOST` for Ollama, `LOCAL_BASE_URL`
    /// for the local tier).
    public var baseURLVariable: String { self == .ollama ? "OLLAMA_HOST" : settingStem + "_BASE_URL" }

    /// The variable holding the tier's model (`LOCAL_MODEL_NAME` for the local tier).
    public var modelVariable: String { self == .local ? "LOCAL_MODEL_NAME" : settingStem + "_MODEL" }

    /// Parses a comma-separated fallback order, e.g. `openai,local`, with a one-line reason
    /// for an empty list, an unknown name or a name listed twice.
    public static func parseList(_ text: String) throws -> [ProviderName] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
        guard !names.isEmpty else { throw FolioError.badInput("no provider tier given") }
        var tiers: [ProviderName] = []
        for name in names {
            guard let tier = ProviderName(rawValue: name) else {
                let known = allCases.map(\.rawValue).joined(separator: ", ")
                throw FolioError(.unknownProvider, "unknown provider '\(name)'; choose from \(known)")
            }
            guard !tiers.contains(tier) else { throw FolioError(.unknownProvider, "provider '\(name)' is listed twice") }
            tiers.append(tier)
        }
        return tiers
    }

    public static func < (lhs: ProviderName, rhs: ProviderName) -> Bool { lhs.rawValue < rhs.rawValue }
}
