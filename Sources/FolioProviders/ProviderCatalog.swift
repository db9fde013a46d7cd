import FolioCore

/// The provider tier names Folio knows, and which of them this build can drive.
public enum ProviderCatalog {
    /// Every name accepted in `--provider` / `FOLIO_PROVIDERS`.
    public static let known = ["openai", "anthropic", "gemini", "groq", "openrouter", "ollama", "local", "openai-compatible"]
    /// The OpenAI-style tiers, all served by `OpenAICompatibleProvider`.
    public static let openAIStyle: Set = ["openai", "groq", "openrouter", "openai-compatible"]

    /// Checks a tier list, with a one-line reason for the first bad name.
    public static func validate(_ tiers: [String]) throws {
        guard !tiers.isEmpty else { throw FolioError.badInput("no provider tier given") }
        for tier in tiers {
            guard known.contains(tier) else {
                throw FolioError.badInput(
                    "unknown provider '\(tier)'; choose from \(known.joined(separator: ", "))")
            }
            guard tier == "local" || openAIStyle.contains(tier) else {
                throw FolioError.badInput(
                    "provider '\(tier)' is not available yet; use local, openai, groq, openrouter or openai-compatible")
            }
        }
    }
}
