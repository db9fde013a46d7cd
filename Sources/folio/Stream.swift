import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio stream`: one completion, streamed to stdout as it arrives.
    struct Stream: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stream one completion to stdout, text only, flushed as it arrives.")

        @OptionGroup var providerOptions: ProviderOptions

        @Option(help: "Base URL of the first tier (OpenAI-style servers include /v1; Anthropic, Gemini and Ollama take the host).")
        var baseURL: String?

        @Option(help: "System prompt.")
        var system: String?

        @Option(help: "Upper bound on generated tokens.")
        var maxTokens: Int?

        @Option(help: "Sampling temperature (0 to 2).")
        var temperature: Double?

        @Flag(help: "Neither read nor store cached model responses.")
        var noCache = false

        @OptionGroup var globalOptions: GlobalOptions

        @Argument(help: "The prompt.")
        var prompt: String

        func validate() throws {
            if prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw ValidationError("the prompt must not be empty")
            }
            if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1") }
            if let temperature, !(0...2).contains(temperature) {
                throw ValidationError("--temperature must be from 0 to 2")
            }
        }

        func run() async throws {
            var overrides = providerOptions.overrides
            if let baseURL {
                // --base-url applies to the first tier, as its own SDK would take it; without
                // --provider it names an OpenAI-style server. An unknown first tier is rejected
                // with the rest of the list when the settings are read.
                let first = providerOptions.tiers?.split(separator: ",").first
                    .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                if let first {
                    if let tier = ProviderName(rawValue: first) { overrides[tier.baseURLVariable] = baseURL }
                } else {
                    overrides[ProviderName.openAICompatible.baseURLVariable] = baseURL
                    overrides["FOLIO_PROVIDERS"] = ProviderName.openAICompatible.rawValue
                }
            }
            var messages: [ChatMessage] = []
            if let system { messages.append(ChatMessage(.system, system)) }
            messages.append(ChatMessage(.user, prompt))
            try await globalOptions.withRuntime(overrides) { runtime in
                let request = ChatRequest(messages: messages, model: runtime.settings.model, maxTokens: maxTokens,
                                          temperature: temperature)
                var endedWithNewline = true
                for try await event in try runtime.streamer(cached: !noCache).stream(request) {
                    switch event {
                    case .text(let text):
                        Terminal.write(text)
                        endedWithNewline = text.hasSuffix("\n")
                    case .failed(let name, let reason):
                        Terminal.status("provider \(name) failed: \(reason)")
                    case .attempt, .usage, .finish:
                        break
                    }
                }
                try Task.checkCancellation()
                if !endedWithNewline { Terminal.write("\n") }
            }
        }
    }
}
