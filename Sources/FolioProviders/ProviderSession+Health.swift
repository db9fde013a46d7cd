import FolioCore
import Foundation

extension ProviderSession {
    /// Probes every tier in `tiers` without spending tokens, through the chain's own
    /// circuit breakers, and reports each one's health.
    ///
    /// Hosted tiers list their models; `local` asks `/health` of the server at
    /// `LOCAL_BASE_URL`, or of the bundled server, started for the probe and stopped after.
    /// A tier whose key is not set is reported unconfigured and not contacted.
    public static func health(
        settings: Settings, tiers: [String], transport: any Transport, clock: ChainClock = .continuous
    ) async throws -> [ProviderHealth] {
        try ProviderCatalog.validate(tiers)
        let probe = HealthProbe(transport: transport, timeout: settings.network.connectTimeoutSeconds)
        let configuration = ProviderChain.Configuration(settings)
        var report: [ProviderHealth] = []
        for tier in tiers {
            let breaker = CircuitBreaker(tier: tier, threshold: configuration.breakerThreshold,
                                         cooldown: configuration.breakerCooldown, clock: clock)
            if tier == "local" {
                report.append(try await localHealth(settings: settings, probe: probe, breaker: breaker))
                continue
            }
            guard let endpoint = settings.endpoints[tier] else { continue }
            let format = ProviderCatalog.format(of: tier)
            var health = ProviderHealth(
                name: tier, format: format.rawValue, baseURL: endpoint.baseURL, model: endpoint.model,
                configured: true, reachable: false, circuit: CircuitBreaker.State.closed.rawValue, detail: "")
            if endpoint.apiKey == nil && !ProviderCatalog.keyless.contains(tier) {
                health.configured = false
                health.detail = "\(ProviderCatalog.keyName(of: tier)) is not set"
                report.append(health)
                continue
            }
            let result = await probe.check(probe.request(format: format, endpoint: endpoint),
                                           apiKey: endpoint.apiKey?.value)
            health.reachable = result.reachable
            health.status = result.status
            health.latencyMilliseconds = result.latencyMilliseconds
            health.detail = result.detail
            if [401, 403].contains(result.status ?? 0) {
                health.detail += "; check \(ProviderCatalog.keyName(of: tier))"
            }
            health.circuit = await record(health, in: breaker)
            report.append(health)
        }
        return report
    }

    private static func localHealth(settings: Settings, probe: HealthProbe, breaker: CircuitBreaker) async throws -> ProviderHealth {
        var health = ProviderHealth(
            name: "local", format: ProviderCatalog.Format.openAI.rawValue, baseURL: "", model: settings.local.modelName,
            configured: true, reachable: false, circuit: CircuitBreaker.State.closed.rawValue, detail: "")
        let check = { (root: String) async -> Void in
            health.baseURL = root
            let request = HTTPRequest(method: "GET", url: root + "/health",
                                      connectTimeout: settings.network.connectTimeoutSeconds, idleTimeout: 10)
            let result = await probe.check(request, apiKey: nil)
            health.reachable = result.reachable
            health.status = result.status
            health.latencyMilliseconds = result.latencyMilliseconds
            health.detail = result.detail
        }
        if let baseURL = settings.local.baseURL {
            var root = StreamingHTTPCall.root(baseURL)
            if root.hasSuffix("/v1") { root.removeLast(3) }
            await check(root)
        } else {
            let configuration = LocalModelServer.Configuration(settings.local)
            do {
                try LocalModelServer.checkInstalled(configuration)
            } catch let error as FolioError {
                health.configured = false
                health.detail = error.message
                return health
            }
            do {
                try await withLocalModelServer(configuration, transport: probe.transport) { server in
                    await check(server.rootURL)
                    health.detail += " (bundled server, started for this check)"
                }
            } catch let error as FolioError {
                health.detail = error.message
            }
        }
        health.circuit = await record(health, in: breaker)
        return health
    }

    private static func record(_ health: ProviderHealth, in breaker: CircuitBreaker) async -> String {
        if health.isHealthy {
            await breaker.recordSuccess()
        } else {
            await breaker.recordFailure()
        }
        return await breaker.state.rawValue
    }
}
