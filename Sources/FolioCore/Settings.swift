import Foundation
import Logging

/// Every setting Folio reads, resolved with the precedence
/// flag > environment variable > `config.env` > built-in default.
///
/// Each setting has one environment name (listed with its default and meaning in
/// `config.env`); command-line flags override it by that same name.
public struct Settings: Sendable {
    /// Book generation settings.
    public struct Books: Sendable {
        /// Folder holding one sub-folder per book (`BOOKS_DIR`).
        public var directory: String = "books"
        /// Language the book is written in (`BOOK_LANGUAGE`).
        public var language: String = "English"
        /// Chapters planned when `--chapters` is not given (`BOOK_CHAPTERS`).
        public var chapters: Int = 10
        /// Target length of a chapter (`WORDS_PER_CHAPTER`).
        public var wordsPerChapter: Int = 800
        /// Continuations asked for when a chapter stops for length (`MAX_CONTINUATIONS`).
        public var maxContinuations: Int = 3
        /// Repair attempts for a malformed outline (`OUTLINE_REPAIR_ATTEMPTS`).
        public var outlineRepairAttempts: Int = 2
        /// Sampling temperature for outlines and chapters (`TEMPERATURE`).
        public var temperature: Double = 0.5
        /// Penalty on often-repeated tokens in chapters (`FREQUENCY_PENALTY`).
        public var frequencyPenalty: Double = 0
        /// Penalty on already-used tokens in chapters (`PRESENCE_PENALTY`).
        public var presencePenalty: Double = 0
        /// Most tokens (prompt + completion, all calls) one book may spend; 0 for no limit (`BOOK_TOKEN_BUDGET`).
        public var tokenBudget: Int = 0
        /// Base sampler seed for every model call about a book, so runs are reproducible;
        /// `nil` (unset) draws afresh each run (`BOOK_SEED`).
        public var seed: Int? = nil
        /// Drafts of each chapter asked for at once when a small model plans the outline one
        /// chapter at a time; `nil` (unset) for the default of the model's window (`OUTLINE_DRAWS`).
        public var outlineDraws: Int? = nil
        /// What sort of book to write: `fiction` or `guide`; `nil` (`auto`, the default) reads it
        /// from the title and instructions (`BOOK_KIND`).
        public var kind: String? = nil
    }

    /// The bundled local model (llama.cpp server + GGUF).
    public struct LocalModel: Sendable {
        /// Path of the `llama-server` binary (`LLAMA_SERVER_PATH`).
        public var serverPath: String = "models/bin/llama-server"
        /// Path of the GGUF model file (`LOCAL_MODEL_PATH`).
        public var modelPath: String = LocalModel.bundledModelPath
        /// The bundled model, relative to the package root: SmolLM2-135M-Instruct, converted by
        /// `scripts/setup` from its published 4-bit file to 8 bits, which llama.cpp reads faster.
        public static let bundledModelPath = "models/SmolLM2-135M-Instruct.Q8_0.gguf"
        /// Name reported for the local model (`LOCAL_MODEL_NAME`).
        public var modelName: String = "smollm2-135m-instruct"
        /// Context window in tokens (`LOCAL_CONTEXT_SIZE`).
        public var contextSize: Int = 4096
        /// CPU threads for generation (`LOCAL_THREADS`).
        public var threads: Int = 2
        /// Requests the server answers side by side (`LOCAL_SLOTS`), sharing one context of
        /// `contextSize` tokens: an outline's chapters are drafted together.
        public var slots: Int = 4
        /// Seconds to wait for the server to become healthy (`LOCAL_STARTUP_TIMEOUT_SECONDS`).
        public var startupTimeoutSeconds: Double = 60
        /// Base URL of an already running server to use instead of starting one (`LOCAL_BASE_URL`).
        public var baseURL: String? = nil
        /// Factor on cl100k counts when the model's own tokenizer cannot be read (`TOKEN_MARGIN_LOCAL`).
        public var tokenMargin: Double = 1.2
        /// What the local model costs (`PRICE_LOCAL_INPUT_PER_MTOK`, `PRICE_LOCAL_OUTPUT_PER_MTOK`).
        public var price: TokenPrice = .free
    }

    /// Network limits for every HTTP call.
    public struct Network: Sendable {
        /// Seconds allowed to connect (`CONNECT_TIMEOUT_SECONDS`).
        public var connectTimeoutSeconds: Double = 10
        /// Seconds a stream may stay silent before it is abandoned (`IDLE_TIMEOUT_SECONDS`).
        public var idleTimeoutSeconds: Double = 120
    }

    /// The response cache in front of every model call.
    public struct Cache: Sendable {
        /// Where entries live (`CACHE_BACKEND`).
        public var backend: CacheBackend = .file
        /// Folder of the file backend (`CACHE_DIR`).
        public var directory: String = ".cache/folio"
        /// Server of the redis backend, `redis://[:password@]host:port/db` (`REDIS_URL`); may hold a password.
        public var redisURL: Secret = Secret("redis://127.0.0.1:6379/0")
        /// Most entries kept by the memory and file backends (`CACHE_MAX_ENTRIES`).
        public var maxEntries: Int = 10_000
        /// Most bytes kept by the memory and file backends (`CACHE_MAX_BYTES`).
        public var maxBytes: Int = 256 * 1024 * 1024
        /// Seconds an entry lives, by kind (`outline`, `chapter`, `summary`, `embed`, `default`);
        /// 0 keeps it until evicted (`CACHE_TTL_OUTLINE`, `CACHE_TTL_CHAPTER`, …).
        public var ttlSeconds: [String: Int] = [:]

        /// The kinds whose time to live can be set.
        public static let ttlKinds = ["outline", "chapter", "summary", "embed", "default"]
    }

    /// Tier order, e.g. `[.openai, .local]` (`FOLIO_PROVIDERS`).
    public var tiers: [ProviderName] = [.local]
    /// Model override for every tier (`FOLIO_MODEL`); each tier's own default otherwise.
    public var model: String? = nil
    /// Book generation settings.
    public var books = Books()
    /// The bundled local model.
    public var local = LocalModel()
    /// Network limits.
    public var network = Network()
    /// Retry, backoff and circuit-breaker limits of the provider chain.
    public var resilience = Resilience()
    /// Every hosted tier's endpoint, price, window and token margin (all tiers but `local`).
    public var hosted: [ProviderName: HostedProvider] = Settings.defaultHosted
    /// Diagnostics level on stderr (`LOG_LEVEL`).
    public var logLevel: Logger.Level = .warning
    /// Folder for the generation log (`LOGS_DIR`).
    public var logsDirectory: String = "logs"
    /// The generation log and its drift thresholds.
    public var logs = Logs()
    /// The response cache.
    public var cache = Cache()
    /// Retrieval store settings (RAG_*, EMBEDDING_*).
    public var retrieval = Retrieval()
    /// The token optimizer (context windows, tokenizers, sliding window).
    public var context = Context()
    /// The hallucination and safety chain.
    public var safety = Safety()
    /// Background jobs (queue, leases, retries).
    public var jobs = Jobs()
    /// Posts about code repositories.
    public var posts = Posts()

    /// Built-in defaults only.
    public init() {}

    /// Resolves settings from the layers, highest precedence first.
    ///
    /// - Parameters:
    ///   - overrides: values from command-line flags, by environment name (`BOOKS_DIR`).
    ///   - environment: the process environment.
    ///   - configFile: an explicit `--config` file (must exist), or `nil` for `config.env` in the
    ///     working directory (optional).
    public static func load(
        overrides: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        configFile: String? = nil
    ) async throws -> Settings {
        let layers = try SettingsLayers(overrides: overrides, environment: environment, configFile: configFile)
        var settings = try Settings(layers: layers)
        settings.resolveInstalledFiles(FolioInstallation(environment: environment))
        return settings
    }

    /// Takes the paths of installed files (model, server, MiniLM, cl100k ranks) from the
    /// installation unless they name a file in the working folder, so Folio runs from any
    /// folder; the author's paths (books, cache, logs) stay relative to the working folder.
    public mutating func resolveInstalledFiles(_ installation: FolioInstallation) {
        local.serverPath = installation.resolve(local.serverPath)
        local.modelPath = installation.resolve(local.modelPath)
        retrieval.embeddingModelDirectory = installation.resolve(retrieval.embeddingModelDirectory)
        context.cl100kRanksPath = installation.resolve(context.cl100kRanksPath)
        context.wordPieceVocabularyPath = installation.resolve(context.wordPieceVocabularyPath)
    }

    /// The largest `BOOK_SEED`: llama.cpp takes a 32-bit seed, and the calls of a book add
    /// offsets to it.
    public static let maximumSeed = 2_000_000_000

    init(layers: SettingsLayers) throws {
        let read = SettingsParser(layers: layers)
        if let list = read.string("FOLIO_PROVIDERS") {
            tiers = try ProviderName.parseList(list)
        }
        model = read.string("FOLIO_MODEL")
        books.directory = read.string("BOOKS_DIR") ?? books.directory
        books.language = read.string("BOOK_LANGUAGE") ?? books.language
        books.chapters = try read.int("BOOK_CHAPTERS", in: 1...200) ?? books.chapters
        books.wordsPerChapter = try read.int("WORDS_PER_CHAPTER", in: 20...20000) ?? books.wordsPerChapter
        books.maxContinuations = try read.int("MAX_CONTINUATIONS", in: 0...20) ?? books.maxContinuations
        books.outlineRepairAttempts = try read.int("OUTLINE_REPAIR_ATTEMPTS", in: 0...10) ?? books.outlineRepairAttempts
        books.temperature = try read.double("TEMPERATURE", in: 0...2) ?? books.temperature
        books.frequencyPenalty = try read.double("FREQUENCY_PENALTY", in: -2...2) ?? books.frequencyPenalty
        books.presencePenalty = try read.double("PRESENCE_PENALTY", in: -2...2) ?? books.presencePenalty
        books.tokenBudget = try read.int("BOOK_TOKEN_BUDGET", in: 0...Int.max) ?? books.tokenBudget
        books.seed = try read.int("BOOK_SEED", in: 0...Settings.maximumSeed)
        books.outlineDraws = try read.int("OUTLINE_DRAWS", in: 1...8)
        if let kind = read.string("BOOK_KIND")?.lowercased(), kind != "auto" {
            guard ["fiction", "guide"].contains(kind) else {
                throw FolioError.badInput("BOOK_KIND must be auto, fiction or guide; got '\(kind)'")
            }
            books.kind = kind
        }
        local.serverPath = read.string("LLAMA_SERVER_PATH") ?? local.serverPath
        local.modelPath = read.string("LOCAL_MODEL_PATH") ?? local.modelPath
        local.modelName = read.string("LOCAL_MODEL_NAME") ?? local.modelName
        local.contextSize = try read.int("LOCAL_CONTEXT_SIZE", in: 256...1_048_576) ?? local.contextSize
        local.threads = try read.int("LOCAL_THREADS", in: 1...256) ?? local.threads
        local.slots = try read.int("LOCAL_SLOTS", in: 1...64) ?? local.slots
        local.startupTimeoutSeconds = try read.double("LOCAL_STARTUP_TIMEOUT_SECONDS", in: 1...3600)
            ?? local.startupTimeoutSeconds
        local.baseURL = read.string("LOCAL_BASE_URL")
        network.connectTimeoutSeconds = try read.double("CONNECT_TIMEOUT_SECONDS", in: 0.1...600)
            ?? network.connectTimeoutSeconds
        network.idleTimeoutSeconds = try read.double("IDLE_TIMEOUT_SECONDS", in: 0.1...3600)
            ?? network.idleTimeoutSeconds
        if let level = read.string("LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw FolioError.badInput(
                    "LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical; got '\(level)'")
            }
            logLevel = parsed
        }
        logsDirectory = read.string("LOGS_DIR") ?? logsDirectory
        try readLogs(read)
        try readResilience(read)
        try readProviders(read)
        try readCache(read)
        try readRetrieval(read)
        try readContext(read)
        try readSafety(read)
        try readJobs(read)
        try readPosts(read)
    }
}

extension Settings {
    private mutating func readCache(_ read: SettingsParser) throws {
        if let name = read.string("CACHE_BACKEND") {
            guard let backend = CacheBackend(rawValue: name.lowercased()) else {
                throw FolioError.badInput("CACHE_BACKEND must be memory, file or redis; got '\(name)'")
            }
            cache.backend = backend
        }
        cache.directory = read.string("CACHE_DIR") ?? cache.directory
        if let url = read.secret("REDIS_URL") {
            guard url.hasPrefix("redis://") else {
                throw FolioError.badInput("REDIS_URL must look like redis://[:password@]host:port/db")
            }
            cache.redisURL = Secret(url)
        }
        cache.maxEntries = try read.int("CACHE_MAX_ENTRIES", in: 1...100_000_000) ?? cache.maxEntries
        cache.maxBytes = try read.int("CACHE_MAX_BYTES", in: 1024...Int.max) ?? cache.maxBytes
        for kind in Cache.ttlKinds {
            if let seconds = try read.int("CACHE_TTL_\(kind.uppercased())", in: 0...315_360_000) {
                cache.ttlSeconds[kind] = seconds
            }
        }
    }
}
