import FolioCore
import FolioPosts
import FolioRetrieval
import Foundation

extension PostPipeline.Options {
    /// `POSTS_DIR`, `POST_WEIGHT_*`, `POST_EVIDENCE_TOKENS`, `POST_ATTEMPTS`, the model and the
    /// retrieval store's chunking; repository stores live under `CACHE_DIR/repo-index`.
    init(_ settings: Settings) {
        var weights: [SourceKind: Double] = [:]
        for kind in SourceKind.allCases { weights[kind] = settings.posts.weights[kind.rawValue] }
        self.init(postsDirectory: settings.posts.directory,
                  indexDirectory: URL(fileURLWithPath: settings.cache.directory).appendingPathComponent("repo-index").path,
                  weights: SourceWeights(weights: weights), evidenceTokens: settings.posts.evidenceTokens,
                  model: settings.model, store: RetrievalStore.Options(settings), attempts: settings.posts.attempts)
    }
}

extension FolioRuntime {
    /// Reads repositories; clones go to `CACHE_DIR/repos`.
    public func repositoryReader() -> RepositoryReader {
        RepositoryReader(fetcher: RepositoryFetcher(
            cacheDirectory: URL(fileURLWithPath: settings.cache.directory).appendingPathComponent("repos").path))
    }

    /// The post pipeline: this runtime's embedder, cached provider chain (`cached` false for
    /// `--no-cache`) and safety chain, with the `POST*` settings; `warn` gets one line per repair.
    public func postPipeline(cached: Bool = true, warn: @escaping @Sendable (String) -> Void = { _ in }) throws -> PostPipeline {
        PostPipeline(reader: repositoryReader(), embedder: try embedder(), streamer: try streamer(cached: cached),
                     safety: try safetyChain(), options: PostPipeline.Options(settings), warn: warn)
    }

    /// The lowest safety confidence a post may be exported with (`SAFETY_MIN_CONFIDENCE`).
    public var postMinimumConfidence: Double { settings.safety.minimumConfidence }
}
