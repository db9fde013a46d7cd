import ArgumentParser

/// Options of every command that calls a model.
struct ProviderOptions: ParsableArguments {
    @Option(name: .customLong("provider"), help: "Comma-separated fallback order of provider tiers, e.g. openai,local.")
    var tiers: String?

    @Option(help: "Model name for every tier (each tier's default otherwise).")
    var model: String?

    /// Flag values by setting name.
    var overrides: [String: String] {
        var values: [String: String] = [:]
        values["FOLIO_PROVIDERS"] = tiers
        values["FOLIO_MODEL"] = model
        return values
    }
}
