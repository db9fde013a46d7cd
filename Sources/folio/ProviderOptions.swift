import ArgumentParser

/// Options shared by every command that calls a model.
struct ProviderOptions: ParsableArguments {
    @Option(name: .customLong("provider"), help: "Comma-separated fallback order of provider tiers, e.g. openai,local.")
    var tiers: String?

    @Option(help: "Model name for every tier (each tier's default otherwise).")
    var model: String?

    @Option(name: .customLong("config"), help: "Settings file (default: ./config.env when present).")
    var configFile: String?

    /// Flag values by setting name, for `Settings.load(overrides:)`.
    var overrides: [String: String] {
        var values: [String: String] = [:]
        values["FOLIO_PROVIDERS"] = tiers
        values["FOLIO_MODEL"] = model
        return values
    }
}
