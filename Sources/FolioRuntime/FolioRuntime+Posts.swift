import FolioCore
import FolioPosts
import FolioRetrieval
import FolioSafety
import FolioTelemetry
import Foundation

extension PostPipeline.Options {
    /// `POSTS_DIR`, `POST_WEIGHT_*`, `POST_EVIDENCE_TOKENS`, `POST_ATTEMPTS`, `POST_BODY`, the model and the
    /// retrieval store's chunking; repository stores live under `CACHE_DIR/repo-index`.
    init(_ settings: Settings) {
        var weights: [SourceKind: Double] = [:]
        for kind in SourceKind.allCases { weights[kind] = settings.posts.weights[kind.rawValue] }
        self.init(postsDirectory: settings.posts.directory,
                  indexDirectory: URL(fileURLWithPath: settings.cache.directory).appendingPathComponent("repo-index").path,
                  weights: SourceWeights(weights: weights), evidenceTokens: settings.posts.evidenceTokens,
                  model: settings.model, store: RetrievalStore.Options(settings), attempts: settings.posts.attempts)
        safetyAction = SafetyAction(rawValue: settings.safety.action) ?? .report
        seed = settings.posts.seed
        trimsFacts = settings.posts.body == "trim" || (settings.posts.body == "auto" && settings.tiers.first == .local)
    }
}

extension FolioRuntime {
    /// Reads repositories; clones go to `CACHE_DIR/repos`.
    public func repositoryReader() -> RepositoryReader {
        RepositoryReader(fetcher: RepositoryFetcher(
            cacheDirectory: URL(fileURLWithPath: settings.cache.directory).appendingPathComponent("repos").path))
    }

    /// The post pipeline: this runtime's embedder, cached provider chain (`cached` false for
    /// `--no-cache`) and safety chain, with the `POST*` and `SAFETY_ACTION` settings; `warn` gets
    /// one line per repair. Each saved version's quality and safety confidence is logged as an
    /// assessment next to the calls that wrote it (unless `LOG_GENERATIONS` is off), as chapters are.
    public func postPipeline(cached: Bool = true, warn: @escaping @Sendable (String) -> Void = { _ in }) throws -> PostPipeline {
        var pipeline = PostPipeline(reader: repositoryReader(), embedder: try embedder(), streamer: try streamer(cached: cached),
                                    safety: try safetyChain(), options: PostPipeline.Options(settings), warn: warn)
        if settings.logs.generations {
            let log = generationLog()
            let command = command
            let jobID = jobID
            pipeline.onSaved = { slug, version in
                let claims = version.safety?.claims ?? []
                log.append(GenerationAssessment(
                    command: command, purpose: "post:\(slug)", jobID: jobID, provider: version.provider, quality: version.quality,
                    safetyConfidence: version.safetyConfidence,
                    unsupportedClaimRate: claims.isEmpty ? nil
                        : Double(claims.filter { !$0.supported }.count) / Double(claims.count)))
            }
        }
        return pipeline
    }

    /// The lowest safety confidence a post may be exported with (`SAFETY_MIN_CONFIDENCE`).
    public var postMinimumConfidence: Double { settings.safety.minimumConfidence }
}
