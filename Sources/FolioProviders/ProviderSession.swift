import FolioCore
import Foundation
import Logging

/// Builds the provider chain for a command and owns what it needs while it runs — the
/// local model server, when the `local` tier is used.
public enum ProviderSession {
    private static let logger = FolioLogging.logger("providers")

    /// Runs `body` with a chain over `tiers`, stopping the local server (if started) on every path out.
    ///
    /// Tiers needing a key that is not set are left out with a warning naming the variable;
    /// when none is left the call fails with a one-line reason. `model` overrides every
    /// tier's default model. A `ContextTooLongError` that `body` does not handle is reported
    /// as the runtime failure it is.
    public static func withChain<T: Sendable>(
        settings: Settings,
        tiers: [String],
        transport: any Transport,
        clock: ChainClock = .continuous,
        _ body: (ProviderChain) async throws -> T
    ) async throws -> T {
        do {
            return try await withChecked(settings: settings, tiers: tiers, transport: transport, clock: clock, body)
        } catch let error as ContextTooLongError {
            throw FolioError.runtime(error.description)
        }
    }

    private static func withChecked<T: Sendable>(
        settings: Settings,
        tiers: [String],
        transport: any Transport,
        clock: ChainClock,
        _ body: (ProviderChain) async throws -> T
    ) async throws -> T {
        try ProviderCatalog.validate(tiers)
        let (hosted, skipped) = hostedProviders(settings: settings, tiers: tiers, transport: transport)
        if !skipped.isEmpty && (hosted.count + (tiers.contains("local") ? 1 : 0)) > 0 {
            logger.warning("skipping provider tiers without a key: \(skipped.joined(separator: ", "))")
        }
        let configuration = ProviderChain.Configuration(settings)
        let chain = { (local: (any LanguageModelProvider)?) throws -> ProviderChain in
            let providers = tiers.compactMap { $0 == "local" ? local : hosted[$0] }
            guard !providers.isEmpty else {
                throw FolioError.badInput("no usable provider tier: \(skipped.joined(separator: ", "))")
            }
            return ProviderChain(tiers: providers, configuration: configuration, clock: clock)
        }
        guard tiers.contains("local") else { return try await body(chain(nil)) }

        if let baseURL = settings.local.baseURL {
            return try await body(chain(localProvider(baseURL: baseURL, settings: settings, transport: transport)))
        }
        try LocalModelServer.checkInstalled(LocalModelServer.Configuration(settings.local))
        let local = LazyLocalModelProvider(settings: settings, transport: transport)
        do {
            let result = try await body(chain(local))
            await local.stop()
            return result
        } catch {
            await local.stop()
            throw error
        }
    }

    /// The clients of the hosted tiers in `tiers` that can be used, and a reason for each
    /// left out (a key that is not set).
    public static func hostedProviders(
        settings: Settings, tiers: [String], transport: any Transport
    ) -> (providers: [String: any LanguageModelProvider], skipped: [String]) {
        var hosted: [String: any LanguageModelProvider] = [:]
        var skipped: [String] = []
        for tier in tiers where tier != "local" {
            guard let endpoint = settings.endpoints[tier] else { continue }
            if endpoint.apiKey == nil && !ProviderCatalog.keyless.contains(tier) {
                skipped.append("\(tier) (\(ProviderCatalog.keyName(of: tier)) is not set)")
                continue
            }
            hosted[tier] = ProviderCatalog.provider(tier, endpoint: endpoint, transport: transport,
                                                    network: settings.network)
        }
        return (hosted, skipped)
    }

    private static func localProvider(baseURL: String, settings: Settings, transport: any Transport) -> any LanguageModelProvider {
        OpenAICompatibleProvider(
            name: "local",
            endpoint: Endpoint(baseURL: baseURL, model: settings.local.modelName),
            transport: transport,
            connectTimeout: settings.network.connectTimeoutSeconds,
            idleTimeout: settings.network.idleTimeoutSeconds)
    }
}
