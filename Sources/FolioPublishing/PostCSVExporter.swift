import Foundation

/// Posts as one RFC 4180 CSV file, one row per post (its newest version): repo, commit,
/// version, hook_type, text (as it goes to LinkedIn), hashtags, characters (UTF-16 units, as
/// LinkedIn counts), quality, safety_confidence, created_at.
public struct PostCSVExporter: Exporter {
    /// Starts the file with a UTF-8 byte-order mark, which Excel needs to read UTF-8.
    public var byteOrderMark: Bool
    /// How the text column is formatted.
    public var formatter: LinkedInFormatter

    /// An exporter; `byteOrderMark` for Excel.
    public init(byteOrderMark: Bool = false, formatter: LinkedInFormatter = LinkedInFormatter()) {
        self.byteOrderMark = byteOrderMark
        self.formatter = formatter
    }

    public var format: ExportFormat { .csv }
    public var fileExtension: String { "csv" }

    /// The column names, in order.
    public static let header = ["repo", "commit", "version", "hook_type", "text", "hashtags", "characters",
                                "quality", "safety_confidence", "created_at"]

    public func export(_ posts: [Post]) throws -> ExportArtifact {
        ExportArtifact(.file(table(posts).data(byteOrderMark: byteOrderMark)))
    }

    /// The table the file holds.
    public func table(_ posts: [Post]) -> CSVTable {
        var table = CSVTable(header: Self.header)
        for post in posts {
            guard let version = post.latest else { continue }
            let formatted = formatter.format(version, repoName: post.repoSlug)
            table.rows.append([
                post.repo, version.commit ?? "", String(version.version), version.hookType, formatted.text,
                formatted.hashtags.joined(separator: " "), String(formatted.text.utf16.count),
                version.quality.map(PostFields.number) ?? "", version.safetyConfidence.map(PostFields.number) ?? "",
                version.createdAt,
            ])
        }
        return table
    }
}
