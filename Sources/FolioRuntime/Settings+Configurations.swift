import FolioBooks
import FolioCache
import FolioContext
import FolioCore
import FolioProviders
import FolioRetrieval
import FolioTokenizers

// Each library's own configuration, built from `Settings` here and nowhere else.

extension ProviderChain.Configuration {
    /// The chain limits from `RETRY_*`, `RATE_LIMIT_RETRIES`, `CIRCUIT_BREAKER_*` and the
    /// price settings, naming each tier's key variable in auth failures and hiding every key.
    init(_ settings: Settings) {
        self.init()
        let resilience = settings.resilience
        maxRetries = resilience.maxRetries
        maxRateLimitRetries = resilience.rateLimitRetries
        baseDelay = .seconds(resilience.baseDelaySeconds)
        maxDelay = .seconds(resilience.maxDelaySeconds)
        retryAfterCap = .seconds(resilience.retryAfterCapSeconds)
        jitter = resilience.jitter
        breakerThreshold = resilience.breakerThreshold
        breakerCooldown = .seconds(resilience.breakerCooldownSeconds)
        for tier in ProviderName.allCases {
            if tier.isHosted { credentialNames[tier.rawValue] = tier.keyVariable }
            prices[tier.rawValue] = settings.price(of: tier)
        }
        secrets = settings.secrets
        estimatesMissingUsage = true
    }
}

extension LocalModelServer.Configuration {
    /// The bundled server `LLAMA_SERVER_PATH`, `LOCAL_MODEL_PATH`, `LOCAL_CONTEXT_SIZE`,
    /// `LOCAL_THREADS`, `LOCAL_SLOTS` and `LOCAL_STARTUP_TIMEOUT_SECONDS` describe.
    init(_ settings: Settings) {
        let local = settings.local
        self.init(serverPath: local.serverPath, modelPath: local.modelPath, contextSize: local.contextSize,
                  threads: local.threads, startupTimeout: local.startupTimeoutSeconds)
        slots = local.slots
        // Beside the response cache, when that is on disk: a user keeping no cache files gets none here either.
        if settings.cache.backend == .file { promptFolder = settings.cache.directory + "/prompts" }
    }
}

extension CacheConfiguration {
    /// The cache `CACHE_BACKEND`, `CACHE_DIR`, `REDIS_URL`, `CACHE_MAX_*` and `CACHE_TTL_*` describe.
    init(_ settings: Settings) {
        self.init()
        backend = settings.cache.backend
        directory = settings.cache.directory
        redisURL = settings.cache.redisURL
        maxEntries = settings.cache.maxEntries
        maxBytes = settings.cache.maxBytes
        ttl.seconds.merge(settings.cache.ttlSeconds) { _, chosen in chosen }
    }
}

extension RetrievalStore.Options {
    /// Chunking (`RAG_CHUNK_SIZE`, `RAG_CHUNK_OVERLAP`) and index (`RAG_HNSW_THRESHOLD`) settings.
    init(_ settings: Settings) {
        self.init(chunker: TextChunker(size: settings.retrieval.chunkSize, overlap: settings.retrieval.chunkOverlap),
                  index: VectorIndex.Configuration(hnswThreshold: settings.retrieval.hnswThreshold))
    }
}

extension HybridRetriever.Options {
    /// `RAG_MODE` (or `mode`) and `RAG_MIN_SCORE`.
    init(_ settings: Settings, mode: RetrievalMode? = nil) {
        self.init(mode: mode ?? settings.retrieval.mode, minimumScore: settings.retrieval.minScore)
    }
}

extension TokenProfile {
    /// The window and cl100k margin of `tier` (`CONTEXT_WINDOW_*`, `TOKEN_MARGIN_*`, `LOCAL_CONTEXT_SIZE`).
    init(_ tier: ProviderName, settings: Settings) {
        self.init(provider: tier.rawValue, contextWindow: settings.contextWindow(of: tier),
                  margin: settings.tokenMargin(of: tier))
    }
}

extension BookPipeline.Options {
    /// Book tuning from the `BOOK_*`, sampling and context settings; tokens counted as the
    /// strictest tier of the chain counts them.
    init(_ settings: Settings, counter: (any TokenCounter)?, profile: TokenProfile) {
        self.init()
        outlineRepairAttempts = settings.books.outlineRepairAttempts
        maxContinuations = settings.books.maxContinuations
        contextWindow = profile.contextWindow
        tokenCounter = counter
        context.windowChapters = settings.context.windowChapters
        context.ratios = ContextRatios(core: settings.context.coreRatio, retrieved: settings.context.retrievedRatio,
                                       summaries: settings.context.summariesRatio)
        context.maxPassages = settings.retrieval.topK
        if contextWindow <= BookPipeline.Options.smallWindow {
            context.endingOnlyTokens = BookPipeline.Options.endingTokens
            context.maxPassages = min(context.maxPassages, BookPipeline.Options.smallWindowPassages)
            plansOutlineByChapter = true
            summarisesChapters = false
            // Two drafts of each chapter, all asked together: a bad draw seldom costs a repair
            // round, and a server with slots answers them side by side.
            outlineDraws = settings.books.outlineDraws ?? 2
            // A server decoding several requests in one batch rounds differently from one
            // decoding them in turn, so a fixed `BOOK_SEED` asks one at a time: the same book again.
            outlineConcurrency = settings.books.seed == nil ? settings.local.slots : 1
        }
        serverSlots = settings.local.slots
        vocabulary = WordList(paths: WordList.systemPaths)
        temperature = settings.books.temperature
        frequencyPenalty = settings.books.frequencyPenalty
        presencePenalty = settings.books.presencePenalty
        model = settings.model
        tokenBudget = settings.books.tokenBudget
        seed = settings.books.seed
    }
}
