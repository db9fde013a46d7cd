import Foundation

/// What a package manifest says about its project.
public struct RepositoryManifest: Sendable, Equatable, Codable {
    /// The manifest file (`Package.swift`, `package.json`, …).
    public var file: String
    /// The package's name.
    public var name: String?
    /// Its one-line description.
    public var description: String?
    /// The main language.
    public var language: String?
    /// The licence, as the manifest or the LICENSE file names it.
    public var licence: String?
    /// Keywords or topics.
    public var keywords: [String] = []

    /// Manifest files in the order they are tried.
    public static let files = ["Package.swift", "package.json", "pyproject.toml", "Cargo.toml", "go.mod"]

    /// Reads the manifest `file` (one of ``files``) from its `text`.
    public static func parse(file: String, text: String) -> RepositoryManifest {
        var manifest = RepositoryManifest(file: file)
        switch file {
        case "Package.swift":
            manifest.language = "Swift"
            manifest.name = first(#"Package\s*\(\s*name:\s*"([^"]+)""#, in: text)
        case "package.json":
            manifest.language = "JavaScript"
            if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
                manifest.name = object["name"] as? String
                manifest.description = object["description"] as? String
                manifest.licence = object["license"] as? String
                manifest.keywords = object["keywords"] as? [String] ?? []
                if (object["devDependencies"] as? [String: Any])?["typescript"] != nil { manifest.language = "TypeScript" }
            }
        case "pyproject.toml":
            manifest.language = "Python"
            let table = tomlTable(text, names: ["project", "tool.poetry"])
            manifest.name = tomlString("name", in: table)
            manifest.description = tomlString("description", in: table)
            manifest.licence = tomlString("license", in: table) ?? first(#"license\s*=\s*\{\s*text\s*=\s*"([^"]+)""#, in: table)
            manifest.keywords = tomlList("keywords", in: table)
        case "Cargo.toml":
            manifest.language = "Rust"
            let table = tomlTable(text, names: ["package"])
            manifest.name = tomlString("name", in: table)
            manifest.description = tomlString("description", in: table)
            manifest.licence = tomlString("license", in: table)
            manifest.keywords = tomlList("keywords", in: table) + tomlList("categories", in: table)
        case "go.mod":
            manifest.language = "Go"
            if let module = first(#"(?m)^module\s+(\S+)"#, in: text) {
                manifest.name = module.split(separator: "/").last.map(String.init)
            }
        default: break
        }
        return manifest
    }

    /// The licence a LICENSE file's opening names, when it is a well-known one.
    public static func licence(fromLicenseText text: String) -> String? {
        let opening = String(text.prefix(600)).lowercased()
        let known: [(String, String)] = [
            ("apache license", "Apache-2.0"), ("mit license", "MIT"), ("permission is hereby granted, free of charge", "MIT"),
            ("gnu general public license", "GPL"), ("gnu lesser general public license", "LGPL"),
            ("mozilla public license", "MPL-2.0"), ("bsd 3-clause", "BSD-3-Clause"), ("bsd 2-clause", "BSD-2-Clause"),
            ("isc license", "ISC"), ("the unlicense", "Unlicense"),
        ]
        return known.first { opening.contains($0.0) }?.1
    }

    /// One line per known field, the manifest as a source text (`name: Folio`).
    public var summary: String {
        var lines: [String] = []
        if let name { lines.append("name: \(name)") }
        if let description { lines.append("description: \(description)") }
        if let language { lines.append("language: \(language)") }
        if let licence { lines.append("licence: \(licence)") }
        if !keywords.isEmpty { lines.append("keywords: \(keywords.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }

    private static func first(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }

    /// The lines of the first TOML table among `names`, up to the next table.
    private static func tomlTable(_ text: String, names: [String]) -> String {
        var lines: [Substring] = []
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") {
                if inside { break }
                inside = names.contains { trimmed == "[\($0)]" }
                continue
            }
            if inside { lines.append(line) }
        }
        return lines.joined(separator: "\n")
    }

    private static func tomlString(_ key: String, in table: String) -> String? {
        first(#"(?m)^\s*"# + key + #"\s*=\s*["']([^"'\n]*)["']"#, in: table)
    }

    private static func tomlList(_ key: String, in table: String) -> [String] {
        guard let list = first(#"(?m)^\s*"# + key + #"\s*=\s*\[([^\]]*)\]"#, in: table) else { return [] }
        return list.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \n\"'")) }
            .filter { !$0.isEmpty }
    }
}
