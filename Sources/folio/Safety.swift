import ArgumentParser
import FolioCache
import FolioCore
import FolioProviders
import FolioRetrieval
import FolioSafety
import Foundation

extension Folio {
    /// `folio safety`: the hallucination and safety chain on its own.
    struct Safety: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check text against its sources: unsupported claims, secrets, personal data.",
            subcommands: [Check.self])

        /// `folio safety check --sources PATH [--json]`: checks stdin.
        struct Check: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check the text on stdin against the sources at PATH (a file or a folder).",
                discussion: """
                    Extracts the text's claims, finds evidence for each in the sources (MiniLM fused \
                    with BM25), judges it (SAFETY_JUDGE: auto, offline or model; auto asks the model \
                    only when a hosted tier is configured), and checks policy (secrets always block; \
                    personal data and SAFETY_BANNED_TERMS block too). With --action other than report \
                    (SAFETY_ACTION), unsupported sentences are rewritten from their evidence, removed \
                    or marked, and the new text is checked again. Exit code 0 whether or not the \
                    text is safe: read is_safe.
                    """)

            @Option(help: "Source file or folder the text must be faithful to.")
            var sources: String

            @Flag(help: "Print one JSON report: {is_safe, confidence, claims, policy}.")
            var json = false

            @Option(help: "Judge: auto, offline or model (default: SAFETY_JUDGE or auto).")
            var judge: String?

            @Option(help: "What to do with unsupported claims: report, mark, remove or rewrite (default: SAFETY_ACTION or report).")
            var action: String?

            @OptionGroup var providerOptions: ProviderOptions

            func validate() throws {
                if sources.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--sources must not be empty") }
                if let judge, !["auto", "offline", "model"].contains(judge.lowercased()) {
                    throw ValidationError("--judge must be auto, offline or model")
                }
                if let action, SafetyAction(rawValue: action.lowercased()) == nil {
                    throw ValidationError("--action must be report, mark, remove or rewrite")
                }
            }

            func run() async throws {
                var overrides = providerOptions.overrides
                overrides["SAFETY_JUDGE"] = judge?.lowercased()
                overrides["SAFETY_ACTION"] = action?.lowercased()
                let settings = try await Settings.load(overrides: overrides, configFile: providerOptions.configFile)
                FolioLogging.bootstrap(level: settings.logLevel)
                let input = FileHandle.standardInput.readDataToEndOfFile()
                guard let text = String(data: input, encoding: .utf8) else {
                    throw FolioError.badInput("stdin is not UTF-8 text")
                }
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw FolioError.badInput("stdin is empty: pipe the text to check into folio safety check")
                }
                let documents: [SourceDocument]
                do {
                    documents = try SourceDocument.load(path: sources)
                } catch let error as SafetyError {
                    throw FolioError.badInput(error.message)
                }
                let embedder = try RetrievalSetup.embedder(settings, transport: CurlTransport())
                let options = SafetyChain.Options(
                    evidencePerClaim: settings.safety.evidencePerClaim, minimumConfidence: settings.safety.minimumConfidence,
                    policy: .init(bannedTerms: settings.safety.bannedTerms))
                let safetyAction = SafetyAction(rawValue: settings.safety.action) ?? .report
                let useModel = settings.safety.judge == "model"
                    || (settings.safety.judge == "auto" && Self.hasHostedTier(settings))
                guard useModel || safetyAction == .rewrite else {
                    let chain = try SafetyChain(embedder: embedder, options: options)
                    try await check(text, documents: documents, chain: chain, action: safetyAction, streamer: nil,
                                    model: nil)
                    return
                }
                try await ProviderSession.withChain(
                    settings: settings, tiers: settings.providers, transport: CurlTransport()
                ) { providers in
                    try await withCachingStreamer(providers, settings: settings.cache) { streamer in
                        let offline = try OfflineJudge()
                        let judge: any ClaimJudge = useModel
                            ? ModelJudge(streamer: streamer, model: settings.model, fallback: offline) : offline
                        let chain = try SafetyChain(embedder: embedder, judge: judge, options: options)
                        try await check(text, documents: documents, chain: chain, action: safetyAction,
                                        streamer: streamer, model: settings.model)
                    }
                }
            }

            private func check(_ text: String, documents: [SourceDocument], chain: SafetyChain, action: SafetyAction,
                               streamer: (any ChatStreamer)?, model: String?) async throws {
                let index = try await EvidenceIndex.build(documents: documents, embedder: chain.embedder,
                                                          options: chain.options.evidence)
                let report = try await chain.check(text: text, index: index)
                let result = try await SafetyRewriter(chain: chain, streamer: streamer, model: model)
                    .apply(action, text: text, report: report, index: index)
                if json {
                    Terminal.write(try Self.json(report: report, result: action == .report ? nil : result))
                } else {
                    Terminal.write(Self.describe(report))
                    if action != .report {
                        Terminal.write("\n" + Self.describe(result))
                    }
                }
            }

            /// Whether a tier other than the local model and Ollama has a key.
            static func hasHostedTier(_ settings: Settings) -> Bool {
                settings.providers.contains { tier in
                    !["local", "ollama", "openai-compatible"].contains(tier) && settings.endpoints[tier]?.apiKey != nil
                }
            }

            static func json(report: SafetyReport, result: RewriteResult?) throws -> String {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                guard let result else { return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n" }
                struct Acted: Encodable {
                    var report: SafetyReport
                    var result: RewriteResult
                    func encode(to encoder: any Encoder) throws {
                        try report.encode(to: encoder)
                        var container = encoder.container(keyedBy: Keys.self)
                        try container.encode(result.text, forKey: .text)
                        try container.encode(result.changes, forKey: .changes)
                        try container.encode(result.report, forKey: .after)
                    }
                    enum Keys: String, CodingKey { case text = "rewritten_text", changes, after = "after" }
                }
                return String(decoding: try encoder.encode(Acted(report: report, result: result)), as: UTF8.self) + "\n"
            }

            static func describe(_ report: SafetyReport) -> String {
                var out = ""
                for claim in report.claims {
                    let mark = claim.supported ? "✓" : (claim.label == .contradicted ? "!" : "✗")
                    out += "\(mark) \(claim.label.rawValue) \(String(format: "%.2f", claim.score))  line \(claim.line): \(claim.text)\n"
                    if let best = claim.evidence.first {
                        let lines = best.firstLine == best.lastLine ? "\(best.firstLine)" : "\(best.firstLine)-\(best.lastLine)"
                        out += "    \(best.file):\(lines)  \(best.text.prefix(160))\n"
                    }
                }
                for finding in report.policy {
                    out += "policy: \(finding.type.rawValue) (\(finding.rule)) line \(finding.line): \(finding.text)"
                        + (finding.blocking ? " — blocking\n" : "\n")
                }
                out += "safe: \(report.isSafe ? "yes" : "no") · confidence \(String(format: "%.2f", report.confidence)) · "
                    + "\(report.claims.count) claims, \(report.unsupportedClaims.count) unsupported · "
                    + "\(report.policy.count) policy findings\n"
                return out
            }

            static func describe(_ result: RewriteResult) -> String {
                var out = ""
                for change in result.changes {
                    out += "\(change.kind.rawValue) (line \(change.line)): \(change.original)\n"
                    if let replacement = change.replacement, change.kind == .rewritten { out += "    → \(replacement)\n" }
                }
                out += "after: safe: \(result.report.isSafe ? "yes" : "no") · confidence "
                    + String(format: "%.2f", result.report.confidence) + "\n\n" + result.text
                return out.hasSuffix("\n") ? out : out + "\n"
            }
        }
    }
}
