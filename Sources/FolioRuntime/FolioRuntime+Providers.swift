import FolioCache
import FolioCore
import FolioProviders
import FolioRedis
import Logging
import Synchronization

extension FolioRuntime {
    /// The provider chain over the configured tiers, built on first use and shared by every
    /// call of this runtime (and so are its circuit breakers).
    ///
    /// Hosted tiers whose key is not set are left out with a warning naming the variable; when
    /// no tier is left this is bad input with a one-line reason. The local tier is the server
    /// at `LOCAL_BASE_URL`, or the bundled one, started on the tier's first call.
    public func chain() throws -> ProviderChain {
        if let chain = parts.withLock({ $0.chain }) { return chain }
        if let customProviders, !customProviders.isEmpty {
            return store(ProviderChain(tiers: customProviders, configuration: ProviderChain.Configuration(settings),
                                       clock: clock), local: nil)
        }
        var providers: [any LanguageModelProvider] = []
        var skipped: [String] = []
        var local: LazyLocalModelProvider?
        for tier in settings.tiers {
            if tier == .local {
                let provider = try localProvider()
                local = provider as? LazyLocalModelProvider
                providers.append(provider)
                continue
            }
            guard let hosted = settings.hosted[tier] else { continue }
            if tier.needsKey && hosted.endpoint.apiKey == nil {
                skipped.append("\(tier.rawValue) (\(tier.keyVariable) is not set)")
                continue
            }
            providers.append(ProviderCatalog.provider(
                tier.rawValue, endpoint: hosted.endpoint, transport: transport,
                connectTimeout: settings.network.connectTimeoutSeconds, idleTimeout: settings.network.idleTimeoutSeconds))
        }
        guard !providers.isEmpty else {
            throw FolioError(.noUsableProvider, "no usable provider tier: \(skipped.joined(separator: ", "))")
        }
        if !skipped.isEmpty {
            logger.warning("skipping provider tiers without a key: \(skipped.joined(separator: ", "))")
        }
        return store(ProviderChain(tiers: providers, configuration: ProviderChain.Configuration(settings), clock: clock),
                     local: local)
    }

    /// Keeps the first chain built (another caller may have raced this one).
    private func store(_ built: ProviderChain, local: LazyLocalModelProvider?) -> ProviderChain {
        let (chain, unused) = parts.withLock { parts -> (ProviderChain, LazyLocalModelProvider?) in
            if let chain = parts.chain { return (chain, local) }
            parts.chain = built
            parts.local = local
            return (built, nil)
        }
        // A losing racer's local tier was never called, so it started no server.
        _ = unused
        return chain
    }

    /// What every model call goes through: the chain behind the response cache, or the bare
    /// chain when `cached` is false (`--no-cache`).
    ///
    /// Every call is logged to the generation log (unless `LOG_GENERATIONS` is off).
    public func streamer(cached: Bool = true) throws -> any ChatStreamer {
        let chain = try chain()
        guard cached else { return recorded(chain, cached: false) }
        return recorded(CachingStreamer(chain: chain, cache: try responseCache(), ttl: CacheConfiguration(settings).ttl),
                        cached: true)
    }

    /// The response cache `CACHE_BACKEND` names, opened on first use and closed with the runtime.
    public func responseCache() throws -> any ResponseCache {
        if let cache = parts.withLock({ $0.cache }) { return cache }
        let opened = try CacheConfiguration(settings).open()
        return parts.withLock { parts in
            if let cache = parts.cache { return cache }
            parts.cache = opened
            return opened
        }
    }

    /// The local tier: an OpenAI-style client of `LOCAL_BASE_URL`, or the bundled server,
    /// checked to be installed now and started on first call.
    private func localProvider() throws -> any LanguageModelProvider {
        let network = settings.network
        if let baseURL = settings.local.baseURL {
            return OpenAICompatibleProvider(
                name: ProviderName.local.rawValue, endpoint: Endpoint(baseURL: baseURL, model: settings.local.modelName),
                transport: transport, connectTimeout: network.connectTimeoutSeconds,
                idleTimeout: network.idleTimeoutSeconds)
        }
        let configuration = LocalModelServer.Configuration(settings)
        try LocalModelServer.checkInstalled(configuration)
        return LazyLocalModelProvider(
            configuration: configuration, modelName: settings.local.modelName, transport: transport,
            connectTimeout: network.connectTimeoutSeconds, idleTimeout: network.idleTimeoutSeconds)
    }

    /// Starts the bundled local server in the background when it is the first tier, so that it
    /// loads its model while the caller loads its own parts (a book's tokenizer, MiniLM and
    /// retrieval store) instead of after them. A failure is kept by the server's supervisor and
    /// met again by the first call, as if that call had started it.
    func startLocalModelEarly() {
        guard settings.tiers.first == .local, settings.local.baseURL == nil, customProviders == nil else { return }
        Task { _ = try? await bundledLocalRoot() }
    }

    /// The bundled local server's root URL, started if need be, when the chain has one.
    func bundledLocalRoot() async throws -> String? {
        _ = try chain()
        guard let local = parts.withLock({ $0.local }) else { return nil }
        return try await local.rootURL()
    }
}

extension FolioRuntime {
    /// Where the cache lives, for people: the file backend's folder or the Redis server
    /// (without its password); `nil` for the in-process backend.
    public var cacheLocation: String? {
        switch settings.cache.backend {
        case .file: settings.cache.directory
        case .redis: (try? RedisURL(settings.cache.redisURL.value))?.description ?? "?"
        case .memory: nil
        }
    }
}
