import Configuration
import Foundation

/// The configuration layers, highest precedence first: flags, environment, config file.
struct SettingsLayers: Sendable {
    let reader: ConfigReader

    init(overrides: [String: String], environment: [String: String], configFile: String?) throws {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (name, value) in overrides {
            values[AbsoluteConfigKey(Self.components(of: name))] = ConfigValue(.string(value), isSecret: false)
        }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: values),
            EnvironmentVariablesProvider(environmentVariables: environment.filter { !$0.value.isEmpty }),
        ]
        if let file = try Self.fileProvider(configFile) {
            providers.append(file)
        }
        reader = ConfigReader(providers: providers)
    }

    /// The config file layer: `configFile` must exist; the default `config.env` may be absent.
    private static func fileProvider(_ configFile: String?) throws -> (any ConfigProvider)? {
        let path = configFile ?? "config.env"
        guard FileManager.default.fileExists(atPath: path) else {
            if let configFile { throw FolioError.badInput("config file not found: \(configFile)") }
            return nil
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw FolioError.badInput("config file is not readable UTF-8 text: \(path)")
        }
        return EnvironmentVariablesProvider(environmentVariables: try EnvironmentFile.parse(text, path: path))
    }

    /// `BOOKS_DIR` → `["books", "dir"]`, the key the environment provider maps back to `BOOKS_DIR`.
    static func components(of name: String) -> [String] {
        name.lowercased().split(separator: "_").map(String.init)
    }

    func string(_ name: String, isSecret: Bool = false) -> String? {
        let value = reader.string(forKey: ConfigKey(Self.components(of: name)), isSecret: isSecret)
        return value?.isEmpty == true ? nil : value
    }
}
