import Foundation

/// Posts as Markdown with a YAML front-matter block (repo, version, hook type, confidence,
/// hashtags, commit, created_at) and the post's text: one post to one file, several to a
/// folder of `<repo-slug>.md` files.
public struct PostMarkdownExporter: Exporter {
    /// Creates the exporter.
    public init() {}

    public var format: ExportFormat { .markdown }
    public var fileExtension: String { "md" }

    public func export(_ posts: [Post]) throws -> ExportArtifact {
        let pages = posts.compactMap { post in post.latest.map { (post.repoSlug, page(post, $0)) } }
        if pages.count == 1 { return ExportArtifact(.file(Data(pages[0].1.utf8))) }
        return ExportArtifact(.folder(pages.map { ExportedFile(path: "\($0.0).md", data: Data($0.1.utf8)) }))
    }

    /// One post's page.
    public func page(_ post: Post, _ version: PostVersion) -> String {
        var front = "---\n"
        front += "repo: \(Self.yaml(post.repo))\n"
        front += "version: \(version.version)\n"
        front += "hook_type: \(Self.yaml(version.hookType))\n"
        front += "confidence: \(version.safetyConfidence.map(PostFields.number) ?? "null")\n"
        front += "quality: \(version.quality.map(PostFields.number) ?? "null")\n"
        front += "hashtags: [\(version.hashtags.map { Self.yaml(PostFields.hashtag($0)) }.joined(separator: ", "))]\n"
        if let commit = version.commit { front += "commit: \(Self.yaml(commit))\n" }
        front += "created_at: \(Self.yaml(version.createdAt))\n"
        front += "---\n\n"
        return front + version.text.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }

    /// A YAML double-quoted scalar (JSON's string syntax is valid YAML), so no value can be
    /// read as another type or break the block.
    static func yaml(_ value: String) -> String {
        let data = (try? JSONEncoder.sortedWithoutSlashes.encode(value)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// How post fields read in every tabular export.
enum PostFields {
    /// A score as written: up to four decimals, no trailing zeros.
    static func number(_ value: Double) -> String {
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `#Tag` in CamelCase.
    static func hashtag(_ raw: String) -> String { "#" + LinkedInFormatter.camelCase(raw) }
}

extension JSONEncoder {
    /// An encoder that leaves `/` unescaped.
    static var sortedWithoutSlashes: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
