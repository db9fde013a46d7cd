import FolioBooks
import FolioCore
import FolioProviders
import FolioSafety
import Foundation

extension SafetyChain.Options {
    /// The chain's tuning from `SAFETY_TOP_K`, `SAFETY_MIN_CONFIDENCE` and `SAFETY_BANNED_TERMS`;
    /// source vectors are kept under `CACHE_DIR/evidence`.
    init(_ settings: Settings) {
        self.init(evidencePerClaim: settings.safety.evidencePerClaim,
                  minimumConfidence: settings.safety.minimumConfidence,
                  policy: PolicyChecker.Options(bannedTerms: settings.safety.bannedTerms),
                  vectorCache: URL(fileURLWithPath: settings.cache.directory).appendingPathComponent("evidence"))
    }
}

extension FolioRuntime {
    /// Whether claims go to the model judge: `SAFETY_JUDGE=model`, or `auto` with a hosted tier
    /// whose key is set.
    public var safetyUsesModelJudge: Bool {
        switch settings.safety.judge {
        case "model": return true
        case "offline": return false
        default: return settings.tiers.contains { $0.needsKey && settings.hosted[$0]?.endpoint.apiKey != nil }
        }
    }

    /// What `SAFETY_ACTION` says to do with unsupported claims.
    public var safetyAction: SafetyAction {
        SafetyAction(rawValue: settings.safety.action) ?? .report
    }

    /// The safety chain: the runtime's embedder (answering from the sentence memory the chapter
    /// guards fill, when there is one), and the judge `SAFETY_JUDGE` picks (the model judge asks
    /// through the cached chain and falls back to the offline judge).
    public func safetyChain() throws -> SafetyChain {
        let offline = try OfflineJudge()
        let judge: any ClaimJudge = safetyUsesModelJudge
            ? ModelJudge(streamer: try streamer(), model: settings.model, fallback: offline) : offline
        let embedder = try embedder()
        let remembered = try sentenceMemory().map { RememberedEmbedder(memory: $0, base: embedder) }
        return try SafetyChain(embedder: remembered ?? embedder, judge: judge, options: SafetyChain.Options(settings))
    }

    /// A rewriter for `chain`; it asks the model (through the cached chain) only for `.rewrite`.
    public func safetyRewriter(_ chain: SafetyChain, action: SafetyAction) throws -> SafetyRewriter {
        SafetyRewriter(chain: chain, streamer: action == .rewrite ? try streamer() : nil, model: settings.model)
    }

    /// Checks `text` against `sources` with the SAFETY_* settings — the judge `SAFETY_JUDGE`
    /// picks, and `action` (default `SAFETY_ACTION`) applied to what the sources do not support.
    /// The entry point for posts and any other text checked against source documents.
    public func checkSafety(of text: String, against sources: [SourceDocument],
                            action: SafetyAction? = nil) async throws -> SafetyCheck {
        let chain = try safetyChain()
        let action = action ?? safetyAction
        return try await safetyRewriter(chain, action: action).check(text: text, sources: sources, action: action)
    }

    /// The reviewer `folio generate --safety` puts in the book pipeline (nil for `.off`): each
    /// chapter checked against the earlier ones and `sources` (`writeBook` logs its confidence).
    public func chapterReviewer(_ mode: BookSafetyMode, sources: [SourceDocument] = []) -> (any ChapterReviewer)? {
        guard mode != .off else { return nil }
        return SafetyChapterReviewer(mode: mode, sources: sources) { [self] in
            let chain = try safetyChain()
            return (chain, mode == .rewrite ? try safetyRewriter(chain, action: .rewrite) : nil)
        }
    }
}
