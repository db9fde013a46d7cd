import FolioCore
import Foundation
import Logging

/// Builds the provider chain for a command and owns what it needs while it runs — the
/// local model server, when the `local` tier is used.
public enum ProviderSession {
    private static let logger = FolioLogging.logger("providers")

    /// Runs `body` with a chain over `tiers`, stopping the local server (if started) on every path out.
    ///
    /// Tiers needing a key that is not set are left out with a warning; when none is left the
    /// call fails with a one-line reason. `model` overrides every tier's default model.
    public static func withChain<T: Sendable>(
        settings: Settings,
        tiers: [String],
        transport: any Transport,
        _ body: (ProviderChain) async throws -> T
    ) async throws -> T {
        try ProviderCatalog.validate(tiers)
        var hosted: [String: any LanguageModelProvider] = [:]
        var skipped: [String] = []
        for tier in tiers where ProviderCatalog.openAIStyle.contains(tier) {
            let endpoint = settings.endpoints[tier]!
            if endpoint.apiKey == nil && tier != "openai-compatible" {
                skipped.append("\(tier) (\(keyName(tier)) is not set)")
                continue
            }
            hosted[tier] = OpenAICompatibleProvider(
                name: tier, endpoint: endpoint, transport: transport,
                connectTimeout: settings.network.connectTimeoutSeconds,
                idleTimeout: settings.network.idleTimeoutSeconds)
        }
        if !skipped.isEmpty && (hosted.count + (tiers.contains("local") ? 1 : 0)) > 0 {
            logger.warning("skipping provider tiers without a key: \(skipped.joined(separator: ", "))")
        }
        let chain = { (local: (any LanguageModelProvider)?) throws -> ProviderChain in
            let providers = tiers.compactMap { $0 == "local" ? local : hosted[$0] }
            guard !providers.isEmpty else {
                throw FolioError.badInput("no usable provider tier: \(skipped.joined(separator: ", "))")
            }
            return ProviderChain(tiers: providers)
        }
        guard tiers.contains("local") else { return try await body(chain(nil)) }

        if let baseURL = settings.local.baseURL {
            return try await body(chain(localProvider(baseURL: baseURL, settings: settings, transport: transport)))
        }
        let configuration = LocalModelServer.Configuration(settings.local)
        try LocalModelServer.checkInstalled(configuration)
        return try await withLocalModelServer(configuration, transport: transport) { server in
            try await body(chain(localProvider(baseURL: server.baseURL, settings: settings, transport: transport)))
        }
    }

    private static func localProvider(baseURL: String, settings: Settings, transport: any Transport) -> any LanguageModelProvider {
        OpenAICompatibleProvider(
            name: "local",
            endpoint: Endpoint(baseURL: baseURL, model: settings.local.modelName),
            transport: transport,
            connectTimeout: settings.network.connectTimeoutSeconds,
            idleTimeout: settings.network.idleTimeoutSeconds)
    }

    private static func keyName(_ tier: String) -> String {
        tier.uppercased().replacingOccurrences(of: "-", with: "_") + "_API_KEY"
    }
}
