import Foundation

/// Posts for Notion's importer: a folder with one Markdown page per post (an H1 title, the
/// post's own headings kept to three levels) and `posts.csv`, a database whose first column,
/// Title, names each page.
public struct NotionExporter: Exporter {
    /// How each post's text is formatted.
    public var formatter: LinkedInFormatter

    /// Creates the exporter.
    public init(formatter: LinkedInFormatter = LinkedInFormatter()) {
        self.formatter = formatter
    }

    public var format: ExportFormat { .notion }
    public var fileExtension: String { "" }

    /// The database's columns.
    public static let header = ["Title", "Repo", "Version", "Hook Type", "Hashtags", "Characters", "Quality",
                                "Safety Confidence", "Created", "Page"]

    public func export(_ posts: [Post]) throws -> ExportArtifact {
        var files: [ExportedFile] = []
        var database = CSVTable(header: Self.header)
        for post in posts {
            guard let version = post.latest else { continue }
            let formatted = formatter.format(version, repoName: post.repoSlug)
            let title = Self.title(formatted.text, repo: post.repoSlug)
            let file = "\(post.repoSlug).md"
            files.append(ExportedFile(path: file, data: Data(page(title: title, post: post, version: version).utf8)))
            database.rows.append([
                title, post.repo, String(version.version), version.hookType, formatted.hashtags.joined(separator: " "),
                String(formatted.text.utf16.count), version.quality.map(PostFields.number) ?? "",
                version.safetyConfidence.map(PostFields.number) ?? "", version.createdAt, file,
            ])
        }
        files.append(ExportedFile(path: "posts.csv", data: database.data()))
        return ExportArtifact(.folder(files))
    }

    /// The page's title: the hook (the post's first line), at most 100 characters.
    static func title(_ text: String, repo: String) -> String {
        let hook = text.split(separator: "\n").first.map(String.init) ?? repo
        guard hook.count > 100 else { return hook.isEmpty ? repo : hook }
        let cut = hook.prefix(99)
        return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + "…"
    }

    /// One page: H1 title, the text with headings at levels 2–3, then its details.
    func page(title: String, post: Post, version: PostVersion) -> String {
        let body = MarkdownText.shiftingHeadings(version.text.trimmingCharacters(in: .whitespacesAndNewlines),
                                                 by: 1, minimum: 2, maximum: 3)
        var page = "# \(MarkdownText.escape(title))\n\n\(body)\n\n## Details\n\n"
        page += "- Repository: \(MarkdownText.escape(post.repo))\n"
        page += "- Version: \(version.version)\n"
        page += "- Hook: \(MarkdownText.escape(version.hookType))\n"
        if let commit = version.commit { page += "- Commit: `\(commit)`\n" }
        page += "- Created: \(version.createdAt)\n"
        return page
    }
}
