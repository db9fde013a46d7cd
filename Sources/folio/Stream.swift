import ArgumentParser
import FolioCache
import FolioCore
import FolioProviders

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
            let tiers = providerOptions.tiers?.split(separator: ",").map { String($0).lowercased() }
            if let baseURL {
                // --base-url applies to the first tier, as its own SDK would take it.
                switch tiers?.first {
                case "local": overrides["LOCAL_BASE_URL"] = baseURL
                case let tier?:
                    // OLLAMA_HOST for ollama, <NAME>_BASE_URL for the others; an unknown tier is
                    // rejected with the rest of the tier list.
                    if let name = Settings.endpointNames[tier]?.baseURL { overrides[name] = baseURL }
                case nil: overrides["OPENAI_COMPATIBLE_BASE_URL"] = baseURL
                    overrides["FOLIO_PROVIDERS"] = "openai-compatible"
                }
            }
            let settings = try await Settings.load(overrides: overrides, configFile: providerOptions.configFile)
            FolioLogging.bootstrap(level: settings.logLevel)
            var messages: [ChatMessage] = []
            if let system { messages.append(ChatMessage(.system, system)) }
            messages.append(ChatMessage(.user, prompt))
            let request = ChatRequest(messages: messages, model: settings.model, maxTokens: maxTokens,
                                      temperature: temperature)
            try await ProviderSession.withChain(
                settings: settings, tiers: settings.providers, transport: CurlTransport()
            ) { chain in
                try await withCachingStreamer(chain, settings: settings.cache, enabled: !noCache) { streamer in
                    var endedWithNewline = true
                    for try await event in streamer.stream(request) {
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
}
