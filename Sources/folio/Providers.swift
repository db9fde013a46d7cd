import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio providers`: the health of every configured tier, without spending tokens.
    struct Providers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show each configured provider tier's health: reachable, latency, circuit state.",
            discussion: """
                Hosted tiers are checked by listing their models (no tokens are spent); the local \
                tier by llama.cpp's /health (the bundled server is started for the check). Tiers \
                come from --provider or FOLIO_PROVIDERS. The circuit state is the tier's breaker \
                in this run, the check counted.
                """)

        @OptionGroup var providerOptions: ProviderOptions

        @OptionGroup var globalOptions: GlobalOptions

        @Flag(help: "Print one JSON document instead of a table.")
        var json = false

        func run() async throws {
            let report = try await globalOptions.withRuntime(providerOptions.overrides) { await $0.health() }
            if json {
                try Terminal.json(["providers": report], pretty: true)
                return
            }
            for health in report {
                Terminal.write(Self.line(health) + "\n")
            }
        }

        /// `name  state  latency  circuit  model  url  detail`, padded into columns.
        static func line(_ health: ProviderHealth) -> String {
            let state = !health.configured ? "unconfigured"
                : health.isHealthy ? "ok" : health.reachable ? "error" : "unreachable"
            let latency = health.latencyMilliseconds.map { String(format: "%.0f ms", $0) } ?? "-"
            return [health.name.padding(18), state.padding(13), latency.padding(9),
                    "circuit \(health.circuit)".padding(18), health.model.padding(26),
                    health.baseURL.isEmpty ? "" : health.baseURL + "  ", health.detail].joined()
        }
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
