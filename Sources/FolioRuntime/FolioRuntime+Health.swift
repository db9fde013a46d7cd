import FolioCore
import FolioHTTP
import FolioProviders

extension FolioRuntime {
    /// Checks every configured tier without spending tokens and reports each one's health,
    /// with the state of the runtime's own circuit breaker for that tier (the probe's outcome
    /// counts towards it, as a call's would).
    ///
    /// Hosted tiers list their models; `local` asks `/health` of the server at
    /// `LOCAL_BASE_URL`, or of the bundled server, started for the check and stopped with the
    /// runtime. A tier whose key is not set is reported unconfigured and not contacted.
    public func health() async -> [ProviderHealth] {
        let probe = HealthProbe(transport: transport, timeout: settings.network.connectTimeoutSeconds)
        let chain = try? chain()
        var report: [ProviderHealth] = []
        for tier in settings.tiers {
            var health = tier == .local ? await localHealth(probe) : await hostedHealth(tier, probe)
            if let chain, let index = chain.tiers.firstIndex(where: { $0.name == tier.rawValue }) {
                let breaker = chain.breaker(at: index)
                if health.isHealthy { await breaker.recordSuccess() } else { await breaker.recordFailure() }
                health.circuit = await breaker.state.rawValue
            }
            report.append(health)
        }
        return report
    }

    private func hostedHealth(_ tier: ProviderName, _ probe: HealthProbe) async -> ProviderHealth {
        let endpoint = settings.hosted[tier]?.endpoint ?? Endpoint(baseURL: "", model: "")
        let format = ProviderCatalog.format(of: tier.rawValue)
        var health = ProviderHealth(name: tier.rawValue, format: format.name, baseURL: endpoint.baseURL,
                                    model: endpoint.model)
        if tier.needsKey && endpoint.apiKey == nil {
            health.configured = false
            health.detail = "\(tier.keyVariable) is not set"
            return health
        }
        let result = await probe.check(probe.request(format: format, endpoint: endpoint),
                                       apiKey: endpoint.apiKey?.value)
        health.reachable = result.reachable
        health.status = result.status
        health.latencyMilliseconds = result.latencyMilliseconds
        health.detail = result.detail
        if [401, 403].contains(result.status ?? 0) { health.detail += "; check \(tier.keyVariable)" }
        return health
    }

    private func localHealth(_ probe: HealthProbe) async -> ProviderHealth {
        var health = ProviderHealth(name: ProviderName.local.rawValue, format: OpenAIChatFormat.name,
                                    baseURL: "", model: settings.local.modelName)
        let root: String
        var note = ""
        if let baseURL = settings.local.baseURL {
            root = baseURL
        } else {
            do {
                try LocalModelServer.checkInstalled(LocalModelServer.Configuration(settings))
                guard let started = try await bundledLocalRoot() else { return health }
                root = started
                note = " (bundled server, started for this check)"
            } catch let error as FolioError {
                health.configured = error.category != .badInput
                health.detail = error.message
                return health
            } catch {
                health.detail = "\(error)"
                return health
            }
        }
        let request = probe.llamaServerHealthRequest(baseURL: root)
        health.baseURL = String(request.url.dropLast("/health".count))
        let result = await probe.check(request, apiKey: nil)
        health.reachable = result.reachable
        health.status = result.status
        health.latencyMilliseconds = result.latencyMilliseconds
        health.detail = result.detail + note
        return health
    }
}
