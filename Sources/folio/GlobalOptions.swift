import ArgumentParser
import FolioRuntime

/// Options every command takes: the settings file and the diagnostics level.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "Settings file (default: ./config.env when present).")
    var configFile: String?

    @Option(help: "Diagnostics on stderr: trace, debug, info, notice, warning, error or critical (default: LOG_LEVEL or warning).")
    var logLevel: String?

    /// Settings with `overrides` (flag values by setting name) on top; bootstraps logging.
    func settings(_ overrides: [String: String] = [:]) async throws -> Settings {
        var overrides = overrides
        overrides["LOG_LEVEL"] = logLevel
        let settings = try await Settings.load(overrides: overrides, configFile: configFile)
        FolioLogging.bootstrap(level: settings.logLevel)
        return settings
    }

    /// Runs `body` with the runtime built from the settings (with `overrides`), released on every path out.
    func withRuntime<T: Sendable>(
        _ overrides: [String: String] = [:], _ body: (FolioRuntime) async throws -> T
    ) async throws -> T {
        // The subcommand as typed (`generate`, `stream`, …), for the generation log.
        let command = CommandLine.arguments.dropFirst().first { !$0.hasPrefix("-") } ?? "folio"
        return try await FolioRuntime.with(try await settings(overrides), command: command, body)
    }
}
