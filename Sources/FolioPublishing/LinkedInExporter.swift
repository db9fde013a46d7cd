import Foundation

/// Posts as LinkedIn-ready plain text (see ``LinkedInFormatter``): one post to one `.txt` file,
/// several to a folder of `<repo-slug>.txt` files.
public struct LinkedInExporter: Exporter {
    /// The formatting rules.
    public var formatter: LinkedInFormatter

    /// An exporter with LinkedIn's limits.
    public init(formatter: LinkedInFormatter = LinkedInFormatter()) {
        self.formatter = formatter
    }

    public var format: ExportFormat { .linkedin }
    public var fileExtension: String { "txt" }

    public func export(_ posts: [Post]) throws -> ExportArtifact {
        var notices: [String] = []
        let texts = posts.compactMap { post -> (String, String)? in
            guard let version = post.latest else { return nil }
            let result = formatter.format(version, repoName: post.repoSlug)
            if let original = result.shortenedFrom {
                notices.append("\(post.repoSlug) v\(version.version): shortened at a sentence end from \(original) to \(result.text.utf16.count) characters to fit LinkedIn's \(formatter.maxLength)")
            }
            return (post.repoSlug, result.text + "\n")
        }
        if texts.count == 1 { return ExportArtifact(.file(Data(texts[0].1.utf8)), notices: notices) }
        return ExportArtifact(.folder(texts.map { ExportedFile(path: "\($0.0).txt", data: Data($0.1.utf8)) }),
                              notices: notices)
    }
}
