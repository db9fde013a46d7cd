import Foundation

/// A book as one Markdown file: title page, table of contents whose links work on GitHub and
/// in pandoc, then the chapters in order.
public struct BookMarkdownExporter: Exporter {
    /// Creates the exporter.
    public init() {}

    public var format: ExportFormat { .markdown }
    public var fileExtension: String { "md" }

    public func export(_ book: PublishableBook) throws -> ExportArtifact {
        ExportArtifact(.file(Data(markdown(book).utf8)))
    }

    /// The whole book as Markdown.
    public func markdown(_ book: PublishableBook) -> String {
        var anchors = HeadingAnchors()
        var head = "# \(MarkdownText.escape(book.title))\n\n*by \(MarkdownText.escape(book.author))*\n\n"
        _ = anchors.anchor(for: book.title)
        if !book.summary.isEmpty { head += MarkdownText.escape(book.summary) + "\n\n" }
        head += "## Contents\n\n"
        _ = anchors.anchor(for: "Contents")

        var contents = ""
        var chapters = ""
        for chapter in book.chapters {
            let heading = MarkdownText.escape(chapter.heading)
            let anchor = anchors.anchor(for: chapter.heading)
            contents += "- [\(heading)](#\(anchor))\n"
            // Raw HTML in a chapter shows as text, as it does in the EPUB.
            let body = MarkdownMarkup.escapingOutsideCode(
                MarkdownText.shiftingHeadings(chapter.markdown, by: 1, minimum: 3), escapes: [UInt8(ascii: "<"): Array("&lt;".utf8)])
            // Headings inside a chapter take identifiers too; later chapters' must skip them.
            var inFence = false
            for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
                let trimmed = line.drop { $0 == " " }
                if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
                if !inFence, MarkdownText.headingLevel(trimmed) != nil {
                    _ = anchors.anchor(for: HeadingAnchors.renderedText(MarkdownText.headingText(trimmed)))
                }
            }
            chapters += "\n## \(heading)\n\n" + body.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
        }
        return head + contents + chapters
    }
}
